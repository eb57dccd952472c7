// Forgot password, first step: a person gives a phone number and, if an account has it, a code is
// texted to it.
// Steps: a valid mainland number → throttle requests per number and per address → refuse while
// the number is locked out after wrong codes → find the account the number stands for
// (phone-account.ts) → make a 6-digit code and keep the hash of it with the number and the account
// under a new random flow id for 10 minutes → text the code, only when there is an account →
// audit → return the flow id, which the caller binds to the browser.
// No account enumeration: every number that passes the throttle gets the same answer after the
// same work (both lookups, a code, its hash, a stored flow); the text is not waited for, so the
// gateway's time does not tell either. A flow of an unknown number holds a code nobody was sent.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { isValidPhone } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { THROTTLE, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { accountOfPhone } from './phone-account.ts';

export const RESET = {
  flowTtlSeconds: 600,
  /** Wrong codes per number (and the per-address limit of sign-ins) before a lockout for the window. */
  wrongCodesPerPhone: 5,
} as const;

export const ACTION_RESET = 'account.password.reset';

/** The state of one reset between its pages. */
export interface ResetFlow {
  phone: string;
  accountId: string | null;
  /** Hash of the code, bound to the flow and the number. */
  h: string;
}

export const resetFlowKey = (flowId: string) => `reset:flow:${flowId}`;
export const resetCodeFailuresKey = (phone: string) => `throttle:reset-code:${phone}`;
export const resetIpFailuresKey = (ip: string | null) => `${ipThrottleKey(ip)}:reset-code`;
export const hashResetCode = (flowId: string, phone: string, code: string) => createHash('sha256').update(`${flowId}|${phone}|${code}`).digest('hex');

function invalidPhone(): AppError {
  return new AppError('ERR_VALIDATION', 'phone: must be an 11-digit mobile number', { details: { issues: [{ path: ['phone'], code: 'invalid', message: 'invalid' }] } });
}

export async function startPasswordReset(deps: Pick<IdentityDeps, 'accounts' | 'kv' | 'sms' | 'audit'>, phone: string, ctx: RequestContext): Promise<{ flowId: string }> {
  if (!isValidPhone(phone)) throw invalidPhone();
  const [perPhone, perIp] = await Promise.all([
    deps.kv.increment(`throttle:reset-sms:${phone}`, THROTTLE.windowSeconds),
    deps.kv.increment(`${ipThrottleKey(ctx.clientIp)}:reset-sms`, THROTTLE.windowSeconds),
  ]);
  const [phoneFailures, ipFailures] = await Promise.all([deps.kv.get(resetCodeFailuresKey(phone)), deps.kv.get(resetIpFailuresKey(ctx.clientIp))]);
  const lockedOut = Number(phoneFailures ?? 0) >= RESET.wrongCodesPerPhone || Number(ipFailures ?? 0) >= THROTTLE.perIp;
  if (perPhone > THROTTLE.smsPerPhone || perIp > THROTTLE.smsPerIp || lockedOut) {
    await deps.audit.append({
      actor: { id: null, kind: 'anonymous' }, action: `${ACTION_RESET}.request`, outcome: 'denied',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason: lockedOut ? 'locked_out' : 'rate_limited' },
    });
    throw new AppError('ERR_RATE_LIMITED', 'too many password resets requested');
  }
  const account = await accountOfPhone(deps.accounts, phone);
  const flowId = randomBytes(32).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const flow: ResetFlow = { phone, accountId: account?.id ?? null, h: hashResetCode(flowId, phone, code) };
  await deps.kv.set(resetFlowKey(flowId), JSON.stringify(flow), RESET.flowTtlSeconds);
  if (account) {
    // Not awaited: see the header. A failed text is audited; the person can ask again.
    deps.sms.send(phone, `【印信】重设密码验证码 ${code}，10分钟内有效，请勿告诉他人。如非本人操作，请忽略。`).catch((e: unknown) => deps.audit.append({
      actor: { id: null, kind: 'system' }, action: `${ACTION_RESET}.request`, object: account.id, outcome: 'failure',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason: 'sms_failed', error: e instanceof Error ? e.message : String(e) },
    })).catch(() => undefined);
  }
  await deps.audit.append({
    actor: { id: null, kind: 'anonymous' }, action: `${ACTION_RESET}.request`, object: account?.id ?? null, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { known: account !== null },
  });
  return { flowId };
}
