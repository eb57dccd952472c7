// A citizen proves their real name (实名核验) and rises to level L2.
// Steps: load the citizen (active) → check the name and the ID number's check character → an
// account whose number is already checked keeps it (the same number again changes nothing) → count
// the attempt (each check costs a request to the province, and repeated guesses are refused) →
// ask the real-name checker → on a mismatch audit and refuse → seal the number, compute its blind
// index, mask it → store name, number and level together, the number's login name too (another
// account holding the number is ERR_ID_NUMBER_TAKEN) → audit → return the account.
import type { Account } from '../../domain/account.ts';
import { assuranceRank } from '../../domain/assurance.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { maskIdNumber } from '../../domain/masking.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import type { RealNameChecker } from '../../ports/real-name-checker.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import { idNumberIndex, seal } from './identity-deps.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';

export type RealNameDeps = Pick<IdentityDeps, 'accounts' | 'kv' | 'dataKeys' | 'audit'> & { realName: RealNameChecker };

/** Checks one account may ask for in a day. */
export const REAL_NAME_CHECKS_PER_DAY = 5;

function invalid(field: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], message: why }] } });
}

export async function verifyRealName(deps: RealNameDeps, accountId: string, input: { name: string; idNumber: string }, ctx: RequestContext): Promise<Account> {
  const account = await deps.accounts.findById(accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such active account');
  if (account.kind !== 'citizen') throw new AppError('ERR_FORBIDDEN', 'only citizens take the real-name check');
  const name = input.name.trim();
  if (!name || [...name].length > 64) throw invalid('name', 'must be 1–64 characters');
  const idNumber = normalizeResidentId(input.idNumber);
  if (!isValidResidentId(idNumber)) throw invalid('idNumber', 'not a valid resident ID number');

  const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: account.id, kind: 'citizen' }, action: 'account.real_name', object: account.id, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId, details,
  });
  // A checked number is the account's for good: checking it again changes nothing, and another
  // number (someone else's, perhaps known to whoever holds the account) is refused.
  const index = await idNumberIndex(deps.dataKeys, idNumber);
  if (account.citizen?.idNumberIndex) {
    if (account.citizen.idNumberIndex === index && assuranceRank(account.assurance) >= assuranceRank('L2')) return account;
    if (account.citizen.idNumberIndex !== index) {
      await audit('denied', { reason: 'other_number_checked' });
      throw new AppError('ERR_FORBIDDEN', 'the account has another checked ID number');
    }
  }
  const attempts = await deps.kv.increment(`throttle:real-name:${account.id}`, 24 * 3600);
  if (attempts > REAL_NAME_CHECKS_PER_DAY) {
    await audit('denied', { reason: 'too_many_checks' });
    throw new AppError('ERR_RATE_LIMITED', 'too many real-name checks today');
  }
  if (!(await deps.realName.check(name, idNumber))) {
    await audit('failure', { reason: 'mismatch' });
    throw new AppError('ERR_REAL_NAME_MISMATCH', 'name and ID number do not match');
  }
  const assurance = assuranceRank(account.assurance) >= assuranceRank('L2') ? account.assurance : 'L2';
  const citizen = {
    idNumberSealed: await seal(deps.dataKeys, 'id-number', idNumber),
    idNumberIndex: index,
    idNumberMasked: maskIdNumber(idNumber),
  };
  try {
    await deps.accounts.setCheckedIdentity(account.id, { name, citizen, assurance });
  } catch (e) {
    if (!isAppError(e, 'ERR_CONFLICT')) throw e;
    await audit('failure', { reason: 'id_number_taken' });
    throw new AppError('ERR_ID_NUMBER_TAKEN', 'the ID number belongs to another account', { cause: e });
  }
  await audit('success', { from: account.assurance, to: assurance });
  return { ...account, name, citizen, assurance };
}

/** The API scope an app needs to submit a real-name check for the person it acts for. */
export const IDENTITY_SCOPE = 'identity';

/** The account an API token may submit a real-name check for: a person's token with the identity scope. */
export function realNameCaller(caller: ApiCaller | null): string {
  if (!caller?.accountId) throw new AppError('ERR_UNAUTHENTICATED', 'a person\'s access token is required');
  if (!caller.scopes.includes(IDENTITY_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the identity scope');
  return caller.accountId;
}
