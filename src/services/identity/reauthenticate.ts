// Proof, before a change to how one signs in (the authenticator app), that the person at the
// page is the account's holder: a sign-in within the last five minutes, or the current password.
// Steps: a recent sign-in suffices → else the password, with wrong ones counted like sign-in
// failures (five in fifteen minutes lock it) and audited → else refuse, asking for one of them.
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, accountThrottleKey } from './identity-deps.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';

export const RECENT_SIGN_IN_S = 5 * 60;

/** True when the page's sign-in is recent enough on its own. */
export function signedInRecently(deps: Pick<OwnAccountDeps, 'clock'>, who: Pick<OwnCaller, 'authTime'>): boolean {
  return who.authTime !== null && Math.floor(deps.clock.now().getTime() / 1000) - who.authTime <= RECENT_SIGN_IN_S;
}

export async function reauthenticate(deps: OwnAccountDeps, account: Account, who: OwnCaller, password: string | undefined, action: string): Promise<'recent' | 'password'> {
  if (signedInRecently(deps, who)) return 'recent';
  if (!password || !account.passwordHash) throw new AppError('ERR_UNAUTHENTICATED', 'sign in again or give the current password', { details: { reason: 'reauthenticate' } });
  const key = accountThrottleKey(`reauth:${account.id}`);
  if (Number(await deps.kv.get(key) ?? 0) >= THROTTLE.perLogin) throw new AppError('ERR_RATE_LIMITED', 'too many wrong passwords');
  if (await deps.hasher.verify(account.passwordHash, password)) return 'password';
  await deps.kv.increment(key, THROTTLE.windowSeconds);
  await deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action, object: account.id, outcome: 'failure',
    clientIp: who.clientIp, requestId: who.requestId, details: { reason: 'wrong_password' },
  });
  throw new AppError('ERR_UNAUTHENTICATED', 'the current password is not right', { details: { reason: 'wrong_password' } });
}
