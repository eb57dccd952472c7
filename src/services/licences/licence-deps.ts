// What the licence use cases work with, and the rules they share: field-level validation
// errors, blob keys, ids and dates.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { LicenceContent } from '../../domain/licence.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { AuditSearch } from '../../ports/audit-search.ts';
import type { Clock } from '../../ports/clock.ts';
import type { HolderIndex } from '../../ports/holder-index.ts';
import type { LicenceSeals } from '../../ports/licence-seals.ts';
import type { LicenceShareStore } from '../../ports/licence-share-store.ts';
import type { LicenceStore } from '../../ports/licence-store.ts';
import type { LicenceTemplates } from '../../ports/licence-templates.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { licenceBlobKeys } from '../../domain/licence.ts';

export interface LicenceDeps {
  templates: LicenceTemplates;
  store: LicenceStore;
  /** Shares of licences by their holders (亮证). */
  shares: LicenceShareStore;
  seals: LicenceSeals;
  holderIndex: HolderIndex;
  audit: AuditLog;
  clock: Clock;
  /** Cryptographically strong random bytes (serials, handles, ids). */
  random: (length: number) => Uint8Array;
  /** TrueType bytes of the licence fonts. */
  fonts: { readonly regular: Uint8Array; readonly bold: Uint8Array };
  /** The public origin for verification links, e.g. `https://zz.example.gov.cn` (no trailing slash). */
  publicUrl: string;
  /** The audit chain read by object: how holders see who checked their licences. */
  auditSearch?: AuditSearch;
}

/** Who acts: a staff member of the issuing department, or the system (sweeps, imports). */
export interface LicenceActor {
  readonly id: string | null;
  readonly kind: 'staff' | 'system';
}

export const defaultRandom = (length: number): Uint8Array => randomBytes(length);

/** A field-level problem; `code` is stable for clients. */
export interface FieldIssue {
  readonly path: string[];
  readonly code: string;
  readonly message: string;
}

/** ERR_VALIDATION (or another code) with field-level issues in the details. */
export function fieldError(issues: FieldIssue[], code: ErrorCode = 'ERR_VALIDATION'): AppError {
  const summary = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return new AppError(code, summary, { details: { issues } });
}

export const invalidField = (field: string, code: string, message: string, errorCode: ErrorCode = 'ERR_VALIDATION'): AppError =>
  fieldError([{ path: [field], code, message }], errorCode);

export { licenceBlobKeys };

/** A new licence version id: 128 random bits. */
export function newLicenceId(random: (n: number) => Uint8Array): string {
  return `lic_${Buffer.from(random(16)).toString('base64url')}`;
}

/** The calendar day of `at` in China Standard Time, `YYYY-MM-DD`. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The verification URL printed in a licence's QR code. */
export function verificationUrl(publicUrl: string, handle: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v/${handle}`;
}

/** The link of a share: under the verification pages, a path apart from licence handles. */
export function shareUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v/s/${token}`;
}

/** The signed content of a licence version, as stored beside it. */
export async function readLicenceContent(store: LicenceStore, licenceId: string): Promise<LicenceContent> {
  const blob = await store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licenceId).content));
  if (blob === null) throw new AppError('ERR_INTERNAL', 'a licence\'s content is missing', { details: { licenceId } });
  return JSON.parse(new TextDecoder().decode(blob.bytes)) as LicenceContent;
}
