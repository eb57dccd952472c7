// What the licence use cases (用证) work with, and the refusals they share.
import type { Signer } from '../../crypto/signer.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { AgentGrantStore } from '../../ports/agent-grant-store.ts';
import type { AppStore } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LicenceUseRecords } from '../../ports/licence-use-records.ts';
import type { ServiceItemStore } from '../../ports/service-item-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { LicenceDeps } from '../licences/licence-deps.ts';

export interface LicenceUseDeps {
  items: ServiceItemStore;
  records: LicenceUseRecords;
  licences: Pick<LicenceDeps, 'store' | 'templates' | 'holderIndex'>;
  accounts: AccountStore;
  /** Who may act for which enterprise (a legal person's licences through its representative or agent). */
  agents: AgentGrantStore;
  apps: Pick<AppStore, 'find'>;
  audit: AuditLog;
  clock: Clock;
  /** The platform's receipt signer (the verification receipts' key). */
  receiptSigner: () => Promise<Signer>;
  random: (length: number) => Uint8Array;
}

/** Who acts on the catalogue and permissions: an administrator (or the system, for imports). */
export interface UseAdminActor {
  readonly id: string;
  readonly kind: 'staff' | 'system';
  readonly clientIp?: string | null;
  readonly requestId?: string | null;
}

/** A refusal that names one offending part of the request (never a value beyond a type or field name). */
export function useRefusal(code: ErrorCode, path: string, message: string): AppError {
  return new AppError(code, message, { details: { issues: [{ path: [path], code: code.slice('ERR_LICENCE_USE_'.length).toLowerCase(), message }] } });
}

export const newId = (prefix: string, random: (n: number) => Uint8Array): string => `${prefix}_${Buffer.from(random(16)).toString('base64url')}`;
