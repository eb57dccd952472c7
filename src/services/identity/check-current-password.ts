// The current password, asked again before a signed-in person changes their password or phone.
// A session left open on a shared computer must not become a way to guess it: wrong answers are
// counted per account in the key-value store (shared by every service process), and after
// THROTTLE.perLogin of them within the window the check is refused until the window ends.
import { AppError } from '../../domain/errors.ts';
import type { Account } from '../../domain/account.ts';
import { THROTTLE } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';

export const reauthThrottleKey = (accountId: string) => `throttle:reauth:${accountId}`;

function wrong(): AppError {
  return new AppError('ERR_VALIDATION', 'current: the current password is not right', { details: { issues: [{ path: ['current'], code: 'wrong', message: 'the current password is not right' }] } });
}

/**
 * Resolves when `given` is the account's password. Otherwise throws ERR_VALIDATION (issue code
 * `wrong`), or ERR_RATE_LIMITED once locked out; each refusal is audited under `action`.
 */
export async function checkCurrentPassword(
  deps: Pick<IdentityDeps, 'kv' | 'hasher' | 'audit'>,
  account: Account & { passwordHash: string },
  given: string,
  action: string,
  ctx: RequestContext,
): Promise<void> {
  const audit = (outcome: 'failure' | 'denied', reason: string) => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action, object: account.id, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason },
  });
  const key = reauthThrottleKey(account.id);
  if (Number((await deps.kv.get(key)) ?? 0) >= THROTTLE.perLogin) {
    await audit('denied', 'locked_out');
    throw new AppError('ERR_RATE_LIMITED', 'too many wrong current passwords');
  }
  if (await deps.hasher.verify(account.passwordHash, given)) return;
  await deps.kv.increment(key, THROTTLE.windowSeconds);
  await audit('failure', 'wrong_current');
  throw wrong();
}
