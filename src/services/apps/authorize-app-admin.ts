// Decide whether the caller of the app administration API may act.
// Steps: a valid yinxin access token for the API → carrying the `admin` scope → issued to a
// person (not to a system by client credentials) → an active staff member with the role that holds
// the duty (domain/admin-duties.ts) → whose sign-in session is still open and included a one-time
// password recently enough.
// Refusals are audited; the answer names no reason beyond "unauthenticated" or "forbidden".
import type { AdminRole } from '../../domain/account.ts';
import { roleFor } from '../../domain/admin-duties.ts';
import type { AdminDuty } from '../../domain/admin-duties.ts';
import { SECOND_FACTOR_ACR } from '../../domain/assurance.ts';
import { AppError } from '../../domain/errors.ts';
import type { Clock } from '../../ports/clock.ts';
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

/** How recent the one-time password behind an administrative request must be, by default (seconds). */
export const ADMIN_OTP_MAX_AGE_S = 900;

export interface AdminAuthDeps {
  accounts: AccountStore;
  audit: AuditLog;
  clock?: Clock;
  /** How recent the sign-in with a one-time password must be (seconds; ADMIN_OTP_MAX_AGE_S). */
  adminOtpMaxAgeS?: number;
}

/**
 * The staff administrator behind `caller`: a person, an active staff member with `role`, with the
 * `admin` scope and a sign-in session still open that used a one-time password within
 * `adminOtpMaxAgeS`. Refusals are audited under `object` (`apps`, `staff`, `roles`…) with their
 * reason; a sign-in too old (or without the password) is ERR_STEP_UP_REQUIRED, naming the level
 * and max_age to sign in again with (RFC 9470).
 */
export async function authorizeAdminRole(
  deps: AdminAuthDeps,
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
  role: AdminRole,
  object: string,
): Promise<{ id: string; kind: 'staff'; clientIp: string | null; requestId: string | null }> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  const maxAge = deps.adminOtpMaxAgeS ?? ADMIN_OTP_MAX_AGE_S;
  const nowS = Math.floor((deps.clock?.now() ?? new Date()).getTime() / 1000);
  const reason = !caller.scopes.includes(ADMIN_SCOPE) ? 'no_admin_scope'
    : !account ? 'not_a_person'
    : account.status !== 'active' || !account.staff?.roles.includes(role) ? `not_a_${role}`
    : !caller.sessionAmr ? 'session_ended'
    : !caller.sessionAmr.includes('otp') ? 'no_one_time_password'
    : typeof caller.sessionAuthTime !== 'number' || nowS - caller.sessionAuthTime > maxAge ? 'one_time_password_too_old'
    : null;
  if (reason) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: caller.clientId, kind: 'client' },
      action: 'admin.access', object, outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
      details: { reason, role, clientId: caller.clientId },
    });
    if (reason === 'no_one_time_password' || reason === 'one_time_password_too_old') {
      throw new AppError('ERR_STEP_UP_REQUIRED', `${object} administration needs a one-time password within ${maxAge} seconds`, {
        details: { reason, acrValues: [SECOND_FACTOR_ACR], maxAge },
      });
    }
    throw new AppError('ERR_FORBIDDEN', `${object} administration refused: ${reason}`);
  }
  return { id: (account as { id: string }).id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId };
}

/** The administrator holding `duty` (ADMIN_DUTIES), audited under the duty's name. */
export async function authorizeAdminDuty(
  deps: AdminAuthDeps,
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
  duty: AdminDuty,
): Promise<{ id: string; kind: 'staff'; clientIp: string | null; requestId: string | null }> {
  return authorizeAdminRole(deps, caller, ctx, roleFor(duty), duty);
}

export async function authorizeAppAdmin(deps: AdminAuthDeps, caller: ApiCaller | null, ctx: { clientIp: string | null; requestId: string | null }): Promise<AppActor> {
  return authorizeAdminDuty(deps, caller, ctx, 'apps');
}
