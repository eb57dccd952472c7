// Find accounts for the security administrator, by what the person says on the telephone or at the
// counter: a mobile number, a resident ID number, a unified social credit code, or (sessions and
// lockouts only) a staff number.
// Steps: check the value's form → the ID number goes through its blind index (the same HMAC-SM3 the
// sign-in uses, identity-deps.ts): no plaintext number is stored or compared → look up → keep the
// accounts of the scope → audit the search (how, and how many found; never the value) → masked.
import type { Account } from '../../domain/account.ts';
import { isValidPhone } from '../../domain/account.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import { invalid } from '../staff/staff-deps.ts';
import { idNumberIndex } from '../identity/identity-deps.ts';
import { auditActor, maskedAccount } from './account-admin-deps.ts';
import type { AccountActor, AccountAdminDeps, AccountScope, MaskedAccount } from './account-admin-deps.ts';

export type SearchBy = 'phone' | 'idNumber' | 'creditCode' | 'staffNumber';

export async function findAccounts(deps: AccountAdminDeps, query: { by: SearchBy; value: string }, scope: AccountScope, actor: AccountActor): Promise<MaskedAccount[]> {
  const value = query.value.trim();
  const bad = (code: string, message: string) => invalid({ path: ['value'], code, message });
  let found: Account[];
  if (query.by === 'phone') {
    if (!isValidPhone(value)) throw bad('phone', 'must be an 11-digit mobile number');
    const [login, onRecord] = await Promise.all([deps.accounts.findByLogin(`phone:${value}`), deps.accounts.findByPhone(value)]);
    found = [...(login ? [login] : []), ...onRecord.filter((a) => a.id !== login?.id)];
  } else if (query.by === 'idNumber') {
    if (!isValidResidentId(normalizeResidentId(value))) throw bad('id_number', 'not a valid resident ID number');
    const a = await deps.accounts.findByLogin(`idx:${await idNumberIndex(deps.dataKeys, value)}`);
    found = a ? [a] : [];
  } else if (query.by === 'creditCode') {
    if (!isValidCreditCode(normalizeCreditCode(value))) throw bad('credit_code', 'not a valid unified social credit code');
    const a = await deps.accounts.findByLogin(`uscc:${normalizeCreditCode(value)}`);
    found = a ? [a] : [];
  } else {
    if (scope === 'people') throw bad('scope', 'staff are found on the sessions page');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(value)) throw bad('staff_number', 'not a staff number');
    const a = await deps.accounts.findByLogin(`staff:${value}`);
    found = a ? [a] : [];
  }
  const kept = found.filter((a) => scope === 'any' || a.kind !== 'staff');
  await deps.audit.append({ ...auditActor(actor), action: 'admin.accounts.search', object: null, outcome: 'success', details: { by: query.by, scope, found: kept.length } });
  return Promise.all(kept.map((a) => maskedAccount(deps.kv, a)));
}
