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
  /** That session's level (`acr`); null when it has none or has ended. */
  sessionAcr?: string | null;
  /** That session's last active authentication (OpenID `auth_time`, seconds); null when it has ended. */
  sessionAuthTime?: number | null;
  /** The uid of that session (the account pages mark it as the current one); null when it has ended. */
  sessionUid?: string | null;
  /** Credit code of the enterprise the person acts for with this token (法人办事), if any. */
  orgCreditCode?: string | null;
}

export const ADMIN_SCOPE = 'admin';

/**
 * The staff administrator behind `caller`: a person, an active staff member with `role`, with the
 * `admin` scope and a sign-in session still open that used a one-time password. Refusals are
 * audited under `object` (`apps`, `staff`) with their reason.
 */
export async function authorizeAdminRole(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
  role: 'app_admin' | 'account_admin',
  object: 'apps' | 'staff',
): Promise<{ id: string; kind: 'staff'; clientIp: string | null; requestId: string | null }> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  const reason = !caller.scopes.includes(ADMIN_SCOPE) ? 'no_admin_scope'
    : !account ? 'not_a_person'
    : account.status !== 'active' || !account.staff?.roles.includes(role) ? `not_an_${role}`
    : !caller.sessionAmr ? 'session_ended'
    : !caller.sessionAmr.includes('otp') ? 'no_one_time_password'
    : null;
  if (reason) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: caller.clientId, kind: 'client' },
      action: 'admin.access', object, outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
      details: { reason, clientId: caller.clientId },
    });
    throw new AppError('ERR_FORBIDDEN', `${object === 'apps' ? 'app' : 'staff'} administration refused: ${reason}`);
  }
  return { id: (account as { id: string }).id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId };
}

export async function authorizeAppAdmin(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<AppActor> {
  return authorizeAdminRole(deps, caller, ctx, 'app_admin', 'apps');
}
