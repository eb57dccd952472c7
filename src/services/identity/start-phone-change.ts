// Changing one's phone, first step: prove it is still the account's holder, then a code goes to
// the new number.
// Steps: an active account → re-authenticate: the current password (wrong ones counted and locked
// out, check-current-password.ts), or, for an account without a password, a sign-in of the last
// few minutes → a valid number, not the one on record → throttle texts per new number and per
// address → when another account has the number, text its owner that it is taken and keep a
// code nobody was sent (the page answers the same either way, so it cannot be used to find who
// is registered; the owner of the number learns it, as registration does) → else make a 6-digit
// code and keep its hash for 5 minutes under the account (a new request replaces the old) → text
// it → audit.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { isValidPhone } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { maskPhone } from '../../domain/masking.ts';
import { checkCurrentPassword } from './check-current-password.ts';
import { THROTTLE, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { phoneTakenByOther } from './phone-account.ts';
import { SMS_CODE_TTL_SECONDS } from './send-sms-code.ts';

export const ACTION_PHONE = 'account.phone.change';
/** How recent a sign-in must be to stand in for the password of an account without one. */
export const RECENT_SIGN_IN_SECONDS = 300;

export interface PhoneChangeFlow { phone: string; h: string }

export const phoneChangeKey = (accountId: string) => `phone-change:${accountId}`;
export const hashPhoneCode = (accountId: string, phone: string, code: string) => createHash('sha256').update(`${accountId}|${phone}|${code}`).digest('hex');

function invalid(field: string, code: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], code, message: why }] } });
}

export async function startPhoneChange(
  deps: Pick<IdentityDeps, 'accounts' | 'kv' | 'hasher' | 'audit' | 'sms'>,
  input: { accountId: string; current: string | null; signedInAt: number | null; now: number; phone: string },
  ctx: RequestContext,
): Promise<void> {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no active account');
  if (account.passwordHash) {
    await checkCurrentPassword(deps, { ...account, passwordHash: account.passwordHash }, input.current ?? '', ACTION_PHONE, ctx);
  } else if (input.signedInAt === null || input.now - input.signedInAt > RECENT_SIGN_IN_SECONDS) {
    throw new AppError('ERR_UNAUTHENTICATED', 'a fresh sign-in is needed', { details: { reason: 'sign_in_again' } });
  }
  if (!isValidPhone(input.phone)) throw invalid('phone', 'invalid', 'must be an 11-digit mobile number');
  if (input.phone === account.phone) throw invalid('phone', 'same_as_current', 'this number is already on record');
  const [perPhone, perIp] = await Promise.all([
    deps.kv.increment(`throttle:phone-change-sms:${input.phone}`, THROTTLE.windowSeconds),
    deps.kv.increment(`${ipThrottleKey(ctx.clientIp)}:phone-change-sms`, THROTTLE.windowSeconds),
  ]);
  if (perPhone > THROTTLE.smsPerPhone || perIp > THROTTLE.smsPerIp) throw new AppError('ERR_RATE_LIMITED', 'too many codes requested', { details: { reason: 'texts' } });
  const taken = await phoneTakenByOther(deps.accounts, input.phone, account.id);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const flow: PhoneChangeFlow = { phone: input.phone, h: taken ? randomBytes(32).toString('hex') : hashPhoneCode(account.id, input.phone, code) };
  await deps.kv.set(phoneChangeKey(account.id), JSON.stringify(flow), SMS_CODE_TTL_SECONDS);
  await deps.sms.send(input.phone, taken
    ? '【印信】有人申请将此手机号绑定到统一身份认证账号，但此号码已绑定其他账号，未发送验证码。如非本人操作，请忽略。'
    : `【印信】更换手机号验证码 ${code}，5分钟内有效，请勿告诉他人。`);
  await deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: `${ACTION_PHONE}.request`, object: account.id, outcome: taken ? 'denied' : 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { newPhone: maskPhone(input.phone), ...(taken ? { reason: 'taken' } : {}) },
  });
}

/** The new number a code was sent to and not yet confirmed, for the page that asks for the code. */
export async function pendingPhoneChange(kv: IdentityDeps['kv'], accountId: string): Promise<string | null> {
  const stored = await kv.get(phoneChangeKey(accountId));
  return stored ? (JSON.parse(stored) as PhoneChangeFlow).phone : null;
}
