import type { Account, CitizenFacts } from '../domain/account.ts';
import type { AssuranceLevel } from '../domain/assurance.ts';
import type { Department } from '../domain/department.ts';

export type { Account, Department };

/** Accounts and the department tree. */
export interface AccountStore {
  /** Insert an account with its login names; ERR_CONFLICT when a login name is taken. */
  create(account: Account, loginNames: string[]): Promise<void>;
  /** The account, or null. */
  findById(id: string): Promise<Account | null>;
  /** The account that signs in with this login name (see `loginNamesOf`), or null. */
  findByLogin(loginName: string): Promise<Account | null>;
  /** Every account with this phone number on record, whatever its kind (staff and legal persons have no `phone:` login name). */
  findByPhone(phone: string): Promise<Account[]>;
  /**
   * Replace the phone number on record and, for a citizen, the `phone:` login name with it, all or
   * nothing. ERR_CONFLICT when another account signs in with the new number.
   */
  setPhone(id: string, phone: string): Promise<void>;
  /**
   * Replace the stored password hash (after a rehash with new parameters, or a change); null leaves
   * the account without a password until its holder sets one by recovery.
   * `initial`: a password issued to the holder (by an administrator or an import), to be replaced at the next sign-in with it.
   */
  setPasswordHash(id: string, passwordHash: string | null, initial?: boolean): Promise<void>;
  /** Replace the sealed TOTP secret (null removes it). */
  setTotp(id: string, totpSealed: string | null): Promise<void>;
  /**
   * Record a citizen's real-name checked identity: the checked name, the ID number facts (with
   * its blind index), the level reached, and the `idx:` login name, all or nothing.
   * ERR_CONFLICT when another account holds the index.
   */
  setCheckedIdentity(id: string, checked: { name: string; citizen: CitizenFacts & { idNumberIndex: string }; assurance: AssuranceLevel }): Promise<void>;
  /** Insert a department; ERR_CONFLICT when the id exists. */
  addDepartment(department: Department): Promise<void>;
  /** Every department (the tree is small: hundreds of rows). */
  departments(): Promise<Department[]>;
}
