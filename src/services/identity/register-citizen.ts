// A citizen registers themselves (level L1) with the code texted to their phone.
// Steps: check the form (name, password length, ID number check digit when one is given) before
// spending the code → refuse when locked out → take the stored code (one use only) and compare
// hashes in constant time → on failure count it and audit, one answer for every cause → create
// the citizen at L1 (a given ID number is kept sealed but unchecked until a real-name check) →
// audit → return the new account, signed in by the code.
import { timingSafeEqual } from 'node:crypto';
import { isValidPhone } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import { createAccount } from './create-account.ts';
import { THROTTLE, accountThrottleKey, ipThrottleKey } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import type { LoginResult } from './login-with-password.ts';
import { registrationCodeKey } from './send-registration-code.ts';
import { hashSmsCode } from './send-sms-code.ts';

export interface Registration {
  phone: string;
  code: string;
  name: string;
  password: string;
  /** Optional; checked for its GB 11643 check character. */
  idNumber?: string | null;
}

const MIN_PASSWORD = 8;

function invalid(field: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], message: why }] } });
}

export async function registerCitizen(deps: IdentityDeps, input: Registration, ctx: RequestContext): Promise<LoginResult> {
  if (!isValidPhone(input.phone)) throw invalid('phone', 'must be an 11-digit mobile number');
  const name = input.name.trim();
  if (!name || [...name].length > 64) throw invalid('name', 'must be 1–64 characters');
  if (input.password.length < MIN_PASSWORD) throw invalid('password', `must be at least ${MIN_PASSWORD} characters`);
  const idNumber = input.idNumber?.trim() ? normalizeResidentId(input.idNumber) : null;
  if (idNumber !== null && !isValidResidentId(idNumber)) throw invalid('idNumber', 'not a valid resident ID number');

  const login = `phone:${input.phone}`;
  const [perLogin, perIp] = await Promise.all([deps.kv.get(accountThrottleKey(login)), deps.kv.get(ipThrottleKey(ctx.clientIp))]);
  const locked = Number(perLogin ?? 0) >= THROTTLE.perLogin || Number(perIp ?? 0) >= THROTTLE.perIp;
  const stored = locked ? null : await deps.kv.take(registrationCodeKey(input.phone));
  const expected = stored ? Buffer.from((JSON.parse(stored) as { h: string }).h, 'hex') : null;
  const given = Buffer.from(hashSmsCode(input.phone, input.code), 'hex');
  const matches = expected !== null && expected.length === given.length && timingSafeEqual(expected, given);
  if (!matches) {
    if (!locked) {
      await Promise.all([
        deps.kv.increment(accountThrottleKey(login), THROTTLE.windowSeconds),
        deps.kv.increment(ipThrottleKey(ctx.clientIp), THROTTLE.windowSeconds),
      ]);
    }
    await deps.audit.append({
      actor: { id: null, kind: 'anonymous' }, action: 'account.register', outcome: locked ? 'denied' : 'failure',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason: locked ? 'locked_out' : 'bad_code' },
    });
    throw new AppError(locked ? 'ERR_RATE_LIMITED' : 'ERR_UNAUTHENTICATED', 'wrong or expired code');
  }
  const account = await createAccount(deps, {
    kind: 'citizen', name, phone: input.phone, password: input.password, assurance: 'L1', idNumber, idNumberUnchecked: true,
  }, { id: null, kind: 'anonymous' });
  await deps.audit.append({
    actor: { id: account.id, kind: 'citizen' }, action: 'account.register', object: account.id, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { assurance: account.assurance, idNumberGiven: idNumber !== null },
  });
  return { account, amr: ['sms'] };
}
