// A person removes their authenticator app (a lost phone, a new app) from the account pages.
// Steps: an account with one → proof: a current code from the app, or else re-authentication
// (a recent sign-in or the current password: the phone may be what was lost) → the secret
// removed from the account → audit. Staff who must give a one-time password are asked to enrol
// again at their next sign-in that needs one.
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, accountThrottleKey, unseal } from './identity-deps.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';
import { reauthenticate } from './reauthenticate.ts';
import { TOTP_PURPOSE, acceptTotp } from './totp-code.ts';

export async function removeOwnTotp(deps: OwnAccountDeps, who: OwnCaller, input: { code?: string; password?: string }): Promise<'code' | 'recent' | 'password'> {
  const account = await deps.accounts.findById(who.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such account');
  if (!account.totpSealed) throw new AppError('ERR_CONFLICT', 'no authenticator is enrolled');
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'account.totp.remove', object: account.id, outcome,
    clientIp: who.clientIp, requestId: who.requestId, details,
  });
  let proof: 'code' | 'recent' | 'password';
  if (input.code) {
    const throttleKey = accountThrottleKey(`totp:${account.id}`);
    const locked = Number(await deps.kv.get(throttleKey) ?? 0) >= THROTTLE.perLogin;
    if (locked || !(await acceptTotp(deps.kv, deps.clock, account.id, await unseal(deps.dataKeys, TOTP_PURPOSE, account.totpSealed), input.code))) {
      if (!locked) await deps.kv.increment(throttleKey, THROTTLE.windowSeconds);
      await audit('failure', { reason: locked ? 'locked_out' : 'bad_code' });
      if (locked) throw new AppError('ERR_RATE_LIMITED', 'too many wrong one-time passwords');
      throw new AppError('ERR_UNAUTHENTICATED', 'wrong one-time password', { details: { reason: 'bad_code' } });
    }
    proof = 'code';
  } else {
    proof = await reauthenticate(deps, account, who, input.password, 'account.totp.remove');
  }
  await deps.accounts.setTotp(account.id, null);
  await audit('success', { proof });
  return proof;
}
