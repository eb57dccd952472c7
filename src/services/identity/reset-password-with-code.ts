// Forgot password, second step: the code texted to the phone and a new password, typed twice.
// Steps: the browser's flow (start-password-reset.ts) still exists → the new password follows the
// rules (at least 8 characters, typed twice alike) before a try is spent → refuse, ending the
// flow, while the number or the address is locked out → compare the code's hash in constant time
// → a wrong code is counted per number and per address (in the key-value store, so every service
// process sees the same count) and audited; the RESET.wrongCodesPerPhone-th ends the flow → a
// right code takes the flow (one use only) → the account still has the number and is active →
// store the new password as the holder's own → end every sign-in session of the account (apps
// with a back-channel logout URI are told) → audit → text the number that the password changed.
// A flow of an unknown number holds a code nobody was sent, so it only ever meets a wrong code.
import { timingSafeEqual } from 'node:crypto';
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { AccountSessions } from '../../ports/account-sessions.ts';
import { reauthThrottleKey } from './check-current-password.ts';
import { THROTTLE } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { MIN_NEW_PASSWORD } from './replace-initial-password.ts';
import { ACTION_RESET, RESET, hashResetCode, resetCodeFailuresKey, resetFlowKey, resetIpFailuresKey } from './start-password-reset.ts';
import type { ResetFlow } from './start-password-reset.ts';

export type ResetDeps = Pick<IdentityDeps, 'accounts' | 'kv' | 'hasher' | 'audit' | 'sms'> & { sessions: Pick<AccountSessions, 'endAll'> };

function invalid(field: string, code: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], code, message: why }] } });
}

const expired = () => new AppError('ERR_UNAUTHENTICATED', 'no such password reset, or it has ended');

export async function resetPasswordWithCode(
  deps: ResetDeps,
  input: { flowId: string; code: string; password: string; confirm: string },
  ctx: RequestContext,
): Promise<Account> {
  const key = resetFlowKey(input.flowId);
  const stored = await deps.kv.get(key);
  if (!stored) throw expired();
  const flow = JSON.parse(stored) as ResetFlow;
  if (input.password.length < MIN_NEW_PASSWORD) throw invalid('password', 'too_short', `must be at least ${MIN_NEW_PASSWORD} characters`);
  if (input.password !== input.confirm) throw invalid('confirm', 'mismatch', 'the two passwords differ');

  const audit = (outcome: 'success' | 'failure' | 'denied', account: Account | null, details: Record<string, unknown>) => deps.audit.append({
    actor: account ? { id: account.id, kind: account.kind } : { id: null, kind: 'anonymous' }, action: ACTION_RESET,
    object: flow.accountId, outcome, clientIp: ctx.clientIp, requestId: ctx.requestId, details,
  });
  const [phoneFailures, ipFailures] = await Promise.all([deps.kv.get(resetCodeFailuresKey(flow.phone)), deps.kv.get(resetIpFailuresKey(ctx.clientIp))]);
  if (Number(phoneFailures ?? 0) >= RESET.wrongCodesPerPhone || Number(ipFailures ?? 0) >= THROTTLE.perIp) {
    await deps.kv.delete(key);
    await audit('denied', null, { reason: 'locked_out' });
    throw new AppError('ERR_RATE_LIMITED', 'too many wrong codes');
  }

  const expected = Buffer.from(flow.h, 'hex');
  const given = Buffer.from(hashResetCode(input.flowId, flow.phone, input.code), 'hex');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  const taken = matches ? await deps.kv.take(key) : null;
  const found = taken && flow.accountId ? await deps.accounts.findById(flow.accountId) : null;
  const account = found && found.status === 'active' && found.phone === flow.phone ? found : null;
  if (!account) {
    const [count] = await Promise.all([
      deps.kv.increment(resetCodeFailuresKey(flow.phone), THROTTLE.windowSeconds),
      deps.kv.increment(resetIpFailuresKey(ctx.clientIp), THROTTLE.windowSeconds),
    ]);
    if (count >= RESET.wrongCodesPerPhone) await deps.kv.delete(key);
    await audit('failure', null, { reason: matches ? 'account_changed' : 'bad_code' });
    if (count >= RESET.wrongCodesPerPhone) throw new AppError('ERR_RATE_LIMITED', 'too many wrong codes');
    if (matches) throw expired();
    throw invalid('code', 'wrong', 'wrong or expired code');
  }

  await deps.accounts.setPasswordHash(account.id, await deps.hasher.hash(input.password), false);
  await Promise.all([deps.kv.delete(resetCodeFailuresKey(flow.phone)), deps.kv.delete(reauthThrottleKey(account.id))]);
  const ended = await deps.sessions.endAll(account.id);
  await audit('success', account, { sessions: ended.sessions, grants: ended.grants, backchannel: ended.backchannel.length });
  await deps.sms.send(flow.phone, '【印信】您的统一身份认证账号密码已重设，所有登录已退出。如非本人操作，请立即联系客服。').catch(() => undefined);
  return { ...account, passwordInitial: false };
}
