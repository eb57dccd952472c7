// Send a one-time login code by text message.
// Steps: throttle per phone and per address → make a 6-digit code → keep its hash for 5 minutes
// (a new code replaces the old) → send it. The answer is the same whether or not an account has
// this phone, so the form cannot be used to find out who is registered.
import { createHash, randomInt } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { isValidPhone } from '../../domain/account.ts';
import { THROTTLE, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';

export const SMS_CODE_TTL_SECONDS = 300;
export const smsCodeKey = (phone: string) => `sms:code:${phone}`;
export const hashSmsCode = (phone: string, code: string) => createHash('sha256').update(`${phone}|${code}`).digest('hex');

export async function sendSmsCode(deps: Pick<IdentityDeps, 'kv' | 'sms' | 'accounts'>, phone: string, ctx: RequestContext): Promise<void> {
  if (!isValidPhone(phone)) throw new AppError('ERR_VALIDATION', 'phone: must be an 11-digit mobile number', { details: { issues: [{ path: ['phone'], message: 'invalid' }] } });
  const [perPhone, perIp] = await Promise.all([
    deps.kv.increment(`throttle:sms:${phone}`, THROTTLE.windowSeconds),
    deps.kv.increment(`${ipThrottleKey(ctx.clientIp)}:sms`, THROTTLE.windowSeconds),
  ]);
  if (perPhone > THROTTLE.smsPerPhone || perIp > THROTTLE.smsPerIp) throw new AppError('ERR_RATE_LIMITED', 'too many codes requested');
  const account = await deps.accounts.findByLogin(`phone:${phone}`);
  if (!account) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.kv.set(smsCodeKey(phone), JSON.stringify({ h: hashSmsCode(phone, code) }), SMS_CODE_TTL_SECONDS);
  await deps.sms.send(phone, `【印信】登录验证码 ${code}，5分钟内有效，请勿告诉他人。`);
}
