// The first code from the authenticator app the person is adding (start-own-totp-enrolment.ts).
// Steps: a pending enrolment (it exists only after re-authentication) → refuse when locked out
// → the code checks out against it → the sealed secret is stored on the account and the pending
// one dropped → audit. Wrong codes count towards the one-time-password lockout and are audited.
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, accountThrottleKey, unseal } from './identity-deps.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';
import { ownTotpEnrolmentKey } from './start-own-totp-enrolment.ts';
import { TOTP_PURPOSE, acceptTotp } from './totp-code.ts';

export async function confirmOwnTotpEnrolment(deps: OwnAccountDeps, who: OwnCaller, input: { code: string }): Promise<void> {
  const account = await deps.accounts.findById(who.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such account');
  const sealed = await deps.kv.get(ownTotpEnrolmentKey(account.id));
  if (!sealed || account.totpSealed) throw new AppError('ERR_CONFLICT', 'no enrolment is under way');
  const audit = (outcome: 'success' | 'failure' | 'denied', details?: Record<string, unknown>) => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'account.totp.enrol', object: account.id, outcome,
    clientIp: who.clientIp, requestId: who.requestId, ...(details ? { details } : {}),
  });
  const throttleKey = accountThrottleKey(`totp:${account.id}`);
  if (Number(await deps.kv.get(throttleKey) ?? 0) >= THROTTLE.perLogin) {
    await audit('denied', { reason: 'locked_out' });
    throw new AppError('ERR_RATE_LIMITED', 'too many wrong one-time passwords');
  }
  if (!(await acceptTotp(deps.kv, deps.clock, account.id, await unseal(deps.dataKeys, TOTP_PURPOSE, sealed), input.code))) {
    await deps.kv.increment(throttleKey, THROTTLE.windowSeconds);
    await audit('failure', { reason: 'bad_code' });
    throw new AppError('ERR_UNAUTHENTICATED', 'wrong one-time password', { details: { reason: 'bad_code' } });
  }
  await deps.accounts.setTotp(account.id, sealed);
  await deps.kv.delete(ownTotpEnrolmentKey(account.id));
  await audit('success');
}
