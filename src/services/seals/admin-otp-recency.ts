// The security administrator acts on seals (the `seals` duty: suspend, resume, revoke, grants, and
// seeing every seal) through the seal API as through the console's pages: only with a one-time
// password from a sign-in within ADMIN_OTP_MAX_AGE_S, as every administrative duty
// (authorize-app-admin.ts). Seal keepers, approvers and clerks are not administrators and are not
// asked; stamping has its own step-up rule (check-seal-use.ts).
import { SECOND_FACTOR_ACR } from '../../domain/assurance.ts';
import { roleFor } from '../../domain/admin-duties.ts';
import { AppError } from '../../domain/errors.ts';
import type { SessionAssurance } from '../../domain/seal.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { ADMIN_OTP_MAX_AGE_S } from '../apps/authorize-app-admin.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface AdminRecencyDeps {
  accounts: AccountStore;
  audit: AuditLog;
  clock: Clock;
  adminOtpMaxAgeS?: number;
}

/** Throws ERR_STEP_UP_REQUIRED (audited) when a security administrator's sign-in is too old or had no one-time password. */
export async function requireAdminOtpRecency(
  deps: AdminRecencyDeps,
  accountId: string,
  session: SessionAssurance | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<void> {
  const account = await deps.accounts.findById(accountId);
  if (!account?.staff?.roles.includes(roleFor('seals'))) return;
  const maxAge = deps.adminOtpMaxAgeS ?? ADMIN_OTP_MAX_AGE_S;
  const nowS = Math.floor(deps.clock.now().getTime() / 1000);
  const reason = !session?.amr.includes('otp') ? 'no_one_time_password' : nowS - session.authTime > maxAge ? 'one_time_password_too_old' : null;
  if (reason === null) return;
  await deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'admin.access', object: 'seals', outcome: 'denied',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason, role: roleFor('seals') },
  });
  throw new AppError('ERR_STEP_UP_REQUIRED', `seals administration needs a one-time password within ${maxAge} seconds`, {
    details: { reason, acrValues: [SECOND_FACTOR_ACR], maxAge },
  });
}
