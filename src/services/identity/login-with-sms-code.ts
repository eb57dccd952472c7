// Sign in with a mobile number and the code sent to it.
// Steps: refuse when locked out → take the stored code (one use only) → compare hashes in
// constant time → on failure count it and audit, one answer for every cause → on success audit
// and return who signed in.
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, accountThrottleKey, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import type { LoginResult } from './login-with-password.ts';
import { hashSmsCode, smsCodeKey } from './send-sms-code.ts';

export async function loginWithSmsCode(deps: IdentityDeps, input: { phone: string; code: string }, ctx: RequestContext): Promise<LoginResult> {
  const login = `phone:${input.phone}`;
  const [perLogin, perIp] = await Promise.all([deps.kv.get(accountThrottleKey(login)), deps.kv.get(ipThrottleKey(ctx.clientIp))]);
  const locked = Number(perLogin ?? 0) >= THROTTLE.perLogin || Number(perIp ?? 0) >= THROTTLE.perIp;
  const stored = locked ? null : await deps.kv.take(smsCodeKey(input.phone));
  const expected = stored ? Buffer.from((JSON.parse(stored) as { h: string }).h, 'hex') : null;
  const given = Buffer.from(hashSmsCode(input.phone, input.code), 'hex');
  const matches = expected !== null && expected.length === given.length && timingSafeEqual(expected, given);
  const account = matches ? await deps.accounts.findByLogin(login) : null;
  if (!account || account.status !== 'active') {
    if (!locked) {
      await Promise.all([
        deps.kv.increment(accountThrottleKey(login), THROTTLE.windowSeconds),
        deps.kv.increment(ipThrottleKey(ctx.clientIp), THROTTLE.windowSeconds),
      ]);
    }
    await deps.audit.append({
      actor: { id: null, kind: 'anonymous' }, action: 'login.sms', outcome: locked ? 'denied' : 'failure',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason: locked ? 'locked_out' : 'bad_code' },
    });
    throw new AppError(locked ? 'ERR_RATE_LIMITED' : 'ERR_UNAUTHENTICATED', 'wrong or expired code');
  }
  await deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'login.sms', object: account.id, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId,
  });
  return { account, amr: ['sms'] };
}
