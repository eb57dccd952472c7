// Decide whether the caller may search and export the audit log and see its status.
// Steps: a valid yinxin access token for the API (or the audit page's sign-in) → carrying the
// `admin` scope → issued to a person → an active staff member with the audit role → whose sign-in
// session is still open and included a one-time password. Refusals are audited; the answer names
// no reason beyond "unauthenticated" or "forbidden".
import type { StaffRole } from '../../domain/account.ts';
import { roleFor } from '../../domain/admin-duties.ts';
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import { ADMIN_SCOPE } from '../apps/authorize-app-admin.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { AuditLog } from './audit-log.ts';

/** The one staff role that reads the audit log (the audit administrator of 三权分立). */
export const AUDIT_ROLE: StaffRole = roleFor('audit');

/** Who searched: recorded with every search and export. */
export interface Auditor {
  id: string;
  kind: 'staff';
  clientIp: string | null;
  requestId: string | null;
}

export async function authorizeAuditor(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<Auditor> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  const reason = !caller.scopes.includes(ADMIN_SCOPE) ? 'no_admin_scope'
    : !account ? 'not_a_person'
    : account.status !== 'active' || !account.staff?.roles.includes(AUDIT_ROLE) ? 'not_an_auditor'
    : !caller.sessionAmr ? 'session_ended'
    : !caller.sessionAmr.includes('otp') ? 'no_one_time_password'
    : null;
  if (reason) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: caller.clientId, kind: 'client' },
      action: 'admin.access', object: 'audit', outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
      details: { reason, clientId: caller.clientId },
    });
    throw new AppError('ERR_FORBIDDEN', `audit search refused: ${reason}`);
  }
  return { id: (account as { id: string }).id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId };
}
