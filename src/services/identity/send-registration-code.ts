// Send the code that proves a phone belongs to the person registering.
// Steps: throttle per phone and per address (the SMS login's limits, counted apart) → when the
// phone already has an account, text its owner that it is registered (no code) → otherwise make a
// 6-digit code, keep its hash for 5 minutes (a new code replaces the old) and send it. The caller
// gets the same answer either way, so the form cannot tell who is registered.
import { randomInt } from 'node:crypto';
import { isValidPhone } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { SMS_CODE_TTL_SECONDS, hashSmsCode } from './send-sms-code.ts';

export const registrationCodeKey = (phone: string) => `sms:register:${phone}`;

export async function sendRegistrationCode(deps: Pick<IdentityDeps, 'kv' | 'sms' | 'accounts'>, phone: string, ctx: RequestContext): Promise<void> {
  if (!isValidPhone(phone)) throw new AppError('ERR_VALIDATION', 'phone: must be an 11-digit mobile number', { details: { issues: [{ path: ['phone'], message: 'invalid' }] } });
  const [perPhone, perIp] = await Promise.all([
    deps.kv.increment(`throttle:register-sms:${phone}`, THROTTLE.windowSeconds),
    deps.kv.increment(`${ipThrottleKey(ctx.clientIp)}:register-sms`, THROTTLE.windowSeconds),
  ]);
  if (perPhone > THROTTLE.smsPerPhone || perIp > THROTTLE.smsPerIp) throw new AppError('ERR_RATE_LIMITED', 'too many codes requested');
  if (await deps.accounts.findByLogin(`phone:${phone}`)) {
    await deps.sms.send(phone, '【印信】该手机号已注册统一身份认证账号，请直接使用短信验证码登录。如非本人操作，请忽略。');
    return;
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.kv.set(registrationCodeKey(phone), JSON.stringify({ h: hashSmsCode(phone, code) }), SMS_CODE_TTL_SECONDS);
  await deps.sms.send(phone, `【印信】注册验证码 ${code}，5分钟内有效，请勿告诉他人。`);
}
