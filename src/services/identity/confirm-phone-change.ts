// Changing one's phone, second step: the code texted to the new number.
// Steps: the account's pending change (start-phone-change.ts) → refuse, ending it, when locked
// out after RESET.wrongCodesPerPhone wrong codes (counted per account in the key-value store) →
// compare the code's hash in constant time → a wrong code is counted and audited → a right code
// takes the pending change (one use only) → the number is still free (else one answer that names
// no one) → store it (for a citizen, the sign-in name too) → audit → text the old number that the
// number was changed.
import { timingSafeEqual } from 'node:crypto';
import type { Account } from '../../domain/account.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { maskPhone } from '../../domain/masking.ts';
import { THROTTLE } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { phoneTakenByOther } from './phone-account.ts';
import { RESET } from './start-password-reset.ts';
import { ACTION_PHONE, hashPhoneCode, phoneChangeKey } from './start-phone-change.ts';
import type { PhoneChangeFlow } from './start-phone-change.ts';

export const phoneCodeFailuresKey = (accountId: string) => `throttle:phone-code:${accountId}`;

const wrongCode = () => new AppError('ERR_VALIDATION', 'code: wrong or expired code', { details: { issues: [{ path: ['code'], code: 'wrong', message: 'wrong or expired code' }] } });
const taken = () => new AppError('ERR_CONFLICT', 'this number cannot be used for this account');

export async function confirmPhoneChange(
  deps: Pick<IdentityDeps, 'accounts' | 'kv' | 'audit' | 'sms'>,
  input: { accountId: string; code: string },
  ctx: RequestContext,
): Promise<Account> {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no active account');
  const key = phoneChangeKey(account.id);
  const stored = await deps.kv.get(key);
  if (!stored) throw wrongCode();
  const flow = JSON.parse(stored) as PhoneChangeFlow;
  const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: ACTION_PHONE, object: account.id, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { newPhone: maskPhone(flow.phone), ...details },
  });
  const failuresKey = phoneCodeFailuresKey(account.id);
  if (Number((await deps.kv.get(failuresKey)) ?? 0) >= RESET.wrongCodesPerPhone) {
    await deps.kv.delete(key);
    await audit('denied', { reason: 'locked_out' });
    throw new AppError('ERR_RATE_LIMITED', 'too many wrong codes');
  }
  const expected = Buffer.from(flow.h, 'hex');
  const given = Buffer.from(hashPhoneCode(account.id, flow.phone, input.code), 'hex');
  const matches = expected.length === given.length && timingSafeEqual(expected, given);
  if (!matches || !(await deps.kv.take(key))) {
    const count = await deps.kv.increment(failuresKey, THROTTLE.windowSeconds);
    if (count >= RESET.wrongCodesPerPhone) await deps.kv.delete(key);
    await audit('failure', { reason: 'bad_code' });
    if (count >= RESET.wrongCodesPerPhone) throw new AppError('ERR_RATE_LIMITED', 'too many wrong codes');
    throw wrongCode();
  }
  if (await phoneTakenByOther(deps.accounts, flow.phone, account.id)) {
    await audit('denied', { reason: 'taken' });
    throw taken();
  }
  try {
    await deps.accounts.setPhone(account.id, flow.phone);
  } catch (e) {
    if (!isAppError(e, 'ERR_CONFLICT')) throw e;
    await audit('denied', { reason: 'taken' });
    throw taken();
  }
  await deps.kv.delete(failuresKey);
  await audit('success', { oldPhone: account.phone ? maskPhone(account.phone) : null });
  if (account.phone) {
    await deps.sms.send(account.phone, `【印信】您的统一身份认证账号手机号已更换为 ${maskPhone(flow.phone)}，此号码不再接收验证码。如非本人操作，请立即联系客服。`).catch(() => undefined);
  }
  return { ...account, phone: flow.phone };
}
