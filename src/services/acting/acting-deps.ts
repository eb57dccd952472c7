// What the acting-for-an-enterprise use cases (法人办事) work with, and the shapes they share.
import type { ActingRole } from '../../domain/agent-grant.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { AgentGrantStore } from '../../ports/agent-grant-store.ts';
import type { AppStore } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface ActingDeps {
  agents: AgentGrantStore;
  accounts: AccountStore;
  apps: Pick<AppStore, 'find'>;
  dataKeys: DataKeys;
  audit: AuditLog;
  clock: Clock;
}

/** An enterprise a person may act for in one app, and in which role. */
export interface ActingOption {
  legalPersonId: string;
  creditCode: string;
  name: string;
  role: ActingRole;
}

/** Where a request comes from, for the audit trail. */
export interface ActingRequest {
  clientIp: string | null;
  requestId: string | null;
}

/** The API scope that lets a legal representative's token manage the enterprise's agents. */
export const ENTERPRISE_SCOPE = 'enterprise';
