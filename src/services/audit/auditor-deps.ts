// What the auditors' use cases need: who may act (accounts), the log to record their searches in,
// the chain to search, the time, the checkpoint interval and the whole verification.
import type { AccountStore } from '../../ports/account-store.ts';
import type { AuditSearch } from '../../ports/audit-search.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditLog } from './audit-log.ts';
import type { AuditLogReport } from './verify-audit-log.ts';

export interface AuditorDeps {
  accounts: AccountStore;
  audit: AuditLog;
  auditStore: AuditStore & AuditSearch;
  clock: Clock;
  /** Seconds between checkpoints, for the overdue check. */
  checkpointIntervalS: number;
  /** How recent the administrator's one-time password must be (seconds; ADMIN_OTP_MAX_AGE_S). */
  adminOtpMaxAgeS?: number;
  /** The whole verification (`audit verify`). */
  verifyAudit(): Promise<AuditLogReport>;
}
