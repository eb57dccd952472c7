// Check a one-time password at sign-in, or finish enrolling the authenticator that made it.
// Steps: refuse when locked out → with an enrolled secret, check the code against it; otherwise
// (staff only) check it against the pending enrolment and, when it matches, store the sealed secret on the
// account → count failures like password failures → audit → return `otp` for the `amr`.
import { mayUseTotp } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, accountThrottleKey, ipThrottleKey, unseal } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { totpEnrolmentKey } from './start-totp-enrolment.ts';
import { TOTP_PURPOSE, acceptTotp } from './totp-code.ts';

export async function verifyTotp(deps: IdentityDeps, input: { accountId: string; code: string }, ctx: RequestContext): Promise<{ amr: 'otp'; enrolled: boolean }> {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such account');
  const throttleKey = accountThrottleKey(`totp:${account.id}`);
  const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'login.totp', object: account.id, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId, details,
  });
  const [perAccount, perIp] = await Promise.all([deps.kv.get(throttleKey), deps.kv.get(ipThrottleKey(ctx.clientIp))]);
  if (Number(perAccount ?? 0) >= THROTTLE.perLogin || Number(perIp ?? 0) >= THROTTLE.perIp) {
    await audit('denied', { reason: 'locked_out' });
    throw new AppError('ERR_RATE_LIMITED', 'too many failed one-time passwords');
  }
  const enrolling = account.totpSealed === null;
  const sealed = account.totpSealed ?? (mayUseTotp(account) ? await deps.kv.get(totpEnrolmentKey(account.id)) : null);
  const ok = sealed !== null && await acceptTotp(deps.kv, deps.clock, account.id, await unseal(deps.dataKeys, TOTP_PURPOSE, sealed), input.code);
  if (!ok) {
    await Promise.all([deps.kv.increment(throttleKey, THROTTLE.windowSeconds), deps.kv.increment(ipThrottleKey(ctx.clientIp), THROTTLE.windowSeconds)]);
    await audit('failure', { reason: sealed === null ? 'no_enrolment' : 'bad_code', enrolling });
    throw new AppError('ERR_UNAUTHENTICATED', 'wrong one-time password');
  }
  if (enrolling) {
    await deps.accounts.setTotp(account.id, sealed);
    await deps.kv.delete(totpEnrolmentKey(account.id));
  }
  await audit('success', { enrolled: enrolling });
  return { amr: 'otp', enrolled: enrolling };
}
