// Decide whether the caller of the app administration API may act.
// Steps: a valid yinxin access token for the API → carrying the `admin` scope → issued to a
// person (not to a system by client credentials) → an active staff member with the app
// administrator role → whose sign-in session is still open and included a one-time password.
// Refusals are audited; the answer names no reason beyond "unauthenticated" or "forbidden".
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AppActor } from './app-registration.ts';

/** What an access token says about its bearer (read by the OpenID layer). */
export interface ApiCaller {
  clientId: string;
  accountId: string | null;
  scopes: string[];
  /** Methods of the sign-in session the token came from; null when the session has ended. */
  sessionAmr: string[] | null;
}

export const ADMIN_SCOPE = 'admin';

export async function authorizeAppAdmin(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<AppActor> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  const reason = !caller.scopes.includes(ADMIN_SCOPE) ? 'no_admin_scope'
    : !account ? 'not_a_person'
    : account.status !== 'active' || !account.staff?.roles.includes('app_admin') ? 'not_an_app_admin'
    : !caller.sessionAmr ? 'session_ended'
    : !caller.sessionAmr.includes('otp') ? 'no_one_time_password'
    : null;
  if (reason) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: caller.clientId, kind: 'client' },
      action: 'admin.access', object: 'apps', outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
      details: { reason, clientId: caller.clientId },
    });
    throw new AppError('ERR_FORBIDDEN', `app administration refused: ${reason}`);
  }
  return { id: (account as { id: string }).id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId };
}
