// Create an account of any kind (self-registration, operator commands, tests).
// Steps: check the kind's rules (ID number check digit, credit code check digit, phone, the
// legal representative is a citizen, the department exists) → seal the ID number and compute its
// blind index → hash the password (argon2id) → store with its login names → audit.
import { loginNamesOf, isValidPhone } from '../../domain/account.ts';
import type { Account, AccountKind, StaffRole } from '../../domain/account.ts';
import type { AssuranceLevel } from '../../domain/assurance.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import { AppError } from '../../domain/errors.ts';
import { maskIdNumber } from '../../domain/masking.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import { idNumberIndex, newAccountId, seal } from './identity-deps.ts';
import type { IdentityDeps } from './identity-deps.ts';

export type NewAccount =
  // `idNumberUnchecked`: a number a person typed at self-registration, kept sealed but without its
  // blind index until a real-name check proves it (verify-real-name.ts).
  | { kind: 'citizen'; name: string; idNumber: string | null; idNumberUnchecked?: boolean; phone: string | null; assurance?: AssuranceLevel; password?: string }
  | { kind: 'legal_person'; name: string; creditCode: string; representativeId: string; phone?: string | null; assurance?: AssuranceLevel; password?: string }
  | { kind: 'staff'; name: string; staffNumber: string; departmentId: string; positions?: string[]; roles: StaffRole[]; phone?: string | null; assurance?: AssuranceLevel; password?: string; passwordInitial?: boolean };

const MIN_PASSWORD = 8;

function invalid(field: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], message: why }] } });
}

export async function createAccount(
  deps: Pick<IdentityDeps, 'accounts' | 'hasher' | 'dataKeys' | 'audit' | 'clock'>,
  input: NewAccount,
  actor: { id: string | null; kind: 'system' | 'staff' | 'anonymous' },
): Promise<Account> {
  const name = input.name.trim();
  if (!name || [...name].length > 64) throw invalid('name', 'must be 1–64 characters');
  const phone = input.phone ?? null;
  if (phone !== null && !isValidPhone(phone)) throw invalid('phone', 'must be an 11-digit mobile number');
  if (input.password !== undefined && input.password.length < MIN_PASSWORD) throw invalid('password', `must be at least ${MIN_PASSWORD} characters`);

  const account: Account = {
    id: newAccountId(input.kind),
    kind: input.kind as AccountKind,
    name,
    phone,
    assurance: input.assurance ?? 'L1',
    status: 'active',
    passwordHash: input.password === undefined ? null : await deps.hasher.hash(input.password),
    passwordInitial: input.password !== undefined && input.kind === 'staff' && input.passwordInitial === true,
    totpSealed: null,
    citizen: null,
    legalPerson: null,
    staff: null,
    createdAt: deps.clock.now().toISOString(),
  };
  if (input.kind === 'citizen') {
    if (input.idNumber !== null) {
      const idNumber = normalizeResidentId(input.idNumber);
      if (!isValidResidentId(idNumber)) throw invalid('idNumber', 'not a valid resident ID number');
      account.citizen = {
        idNumberSealed: await seal(deps.dataKeys, 'id-number', idNumber),
        idNumberIndex: input.idNumberUnchecked ? null : await idNumberIndex(deps.dataKeys, idNumber),
        idNumberMasked: maskIdNumber(idNumber),
      };
    }
  } else if (input.kind === 'legal_person') {
    const creditCode = normalizeCreditCode(input.creditCode);
    if (!isValidCreditCode(creditCode)) throw invalid('creditCode', 'not a valid unified social credit code');
    const rep = await deps.accounts.findById(input.representativeId);
    if (rep?.kind !== 'citizen') throw invalid('representativeId', 'must name a citizen account');
    account.legalPerson = { creditCode, representativeId: rep.id };
  } else {
    if (!/^[A-Za-z0-9-]{1,32}$/.test(input.staffNumber)) throw invalid('staffNumber', 'must be 1–32 letters, digits or dashes');
    const departments = await deps.accounts.departments();
    if (!departments.some((d) => d.id === input.departmentId)) throw invalid('departmentId', 'no such department');
    account.staff = { staffNumber: input.staffNumber, departmentId: input.departmentId, positions: input.positions ?? [], roles: input.roles };
  }
  await deps.accounts.create(account, loginNamesOf(account));
  await deps.audit.append({
    actor, action: 'account.create', object: account.id, outcome: 'success',
    details: { kind: account.kind, assurance: account.assurance },
  });
  return account;
}
