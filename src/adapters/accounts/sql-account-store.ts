import type { Knex } from 'knex';
import type { Account, CitizenFacts, StaffRole } from '../../domain/account.ts';
import type { AssuranceLevel } from '../../domain/assurance.ts';
import type { Department, DepartmentKind } from '../../domain/department.ts';
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import { isDuplicateKey, retryDeadlock, sqlCall } from '../sql/sql-errors.ts';

export interface Row {
  id: string; kind: string; name: string; phone: string | null; assurance: string; status: string;
  password_hash: string | null; password_initial?: boolean | number; totp_sealed: string | null;
  id_number_sealed: string | null; id_number_index: string | null; id_number_masked: string | null;
  credit_code: string | null; representative_id: string | null;
  staff_number: string | null; department_id: string | null; positions: string | null; roles: string | null;
  created_at: string;
}

function toRow(a: Account): Row {
  return {
    id: a.id, kind: a.kind, name: a.name, phone: a.phone, assurance: a.assurance, status: a.status,
    password_hash: a.passwordHash, password_initial: a.passwordInitial === true, totp_sealed: a.totpSealed,
    id_number_sealed: a.citizen?.idNumberSealed ?? null,
    id_number_index: a.citizen?.idNumberIndex ?? null,
    id_number_masked: a.citizen?.idNumberMasked ?? null,
    credit_code: a.legalPerson?.creditCode ?? null,
    representative_id: a.legalPerson?.representativeId ?? null,
    staff_number: a.staff?.staffNumber ?? null,
    department_id: a.staff?.departmentId ?? null,
    positions: a.staff ? JSON.stringify(a.staff.positions) : null,
    roles: a.staff ? JSON.stringify(a.staff.roles) : null,
    created_at: a.createdAt,
  };
}

export function toAccount(r: Row): Account {
  return {
    id: r.id, kind: r.kind as Account['kind'], name: r.name, phone: r.phone, assurance: r.assurance as AssuranceLevel,
    status: r.status as Account['status'], passwordHash: r.password_hash, passwordInitial: Boolean(r.password_initial), totpSealed: r.totp_sealed,
    citizen: r.id_number_sealed && r.id_number_masked
      ? { idNumberSealed: r.id_number_sealed, idNumberIndex: r.id_number_index, idNumberMasked: r.id_number_masked }
      : null,
    legalPerson: r.credit_code && r.representative_id ? { creditCode: r.credit_code, representativeId: r.representative_id } : null,
    staff: r.staff_number && r.department_id
      ? { staffNumber: r.staff_number, departmentId: r.department_id, positions: JSON.parse(r.positions ?? '[]') as string[], roles: JSON.parse(r.roles ?? '[]') as StaffRole[] }
      : null,
    createdAt: r.created_at,
  };
}

/** Accounts in the service database; login names in their own table so one lookup serves every kind. */
export class SqlAccountStore implements AccountStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async create(account: Account, loginNames: string[]): Promise<void> {
    try {
      await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
        await trx('accounts').insert(toRow(account));
        if (loginNames.length) await trx('account_logins').insert(loginNames.map((login) => ({ login, account_id: account.id })));
      })));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'account or login name exists', { cause: e });
      throw e;
    }
  }

  async findById(id: string): Promise<Account | null> {
    const row = await sqlCall(() => this.#knex<Row>('accounts').where({ id }).first());
    return row ? toAccount(row) : null;
  }

  async findByLogin(loginName: string): Promise<Account | null> {
    const row = await sqlCall(() => this.#knex<Row>('accounts')
      .join('account_logins', 'account_logins.account_id', 'accounts.id')
      .where('account_logins.login', loginName)
      .select('accounts.*')
      .first());
    return row ? toAccount(row) : null;
  }

  async findByPhone(phone: string): Promise<Account[]> {
    const rows = await sqlCall(() => this.#knex<Row>('accounts').where({ phone }).orderBy('id').limit(20));
    return rows.map(toAccount);
  }

  async setPhone(id: string, phone: string): Promise<void> {
    try {
      await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
        const row = await trx<Row>('accounts').where({ id }).first();
        if (!row) throw new AppError('ERR_NOT_FOUND', 'no such account', { details: { accountId: id } });
        await trx('accounts').where({ id }).update({ phone });
        if (row.kind !== 'citizen') return;
        if (row.phone) await trx('account_logins').where({ login: `phone:${row.phone}`, account_id: id }).delete();
        const login = `phone:${phone}`;
        const held = await trx('account_logins').where({ login }).first();
        if (!held) await trx('account_logins').insert({ login, account_id: id });
        else if (held.account_id !== id) throw new AppError('ERR_CONFLICT', 'phone number belongs to another account');
      })));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'phone number belongs to another account', { cause: e });
      throw e;
    }
  }

  async setPasswordHash(id: string, passwordHash: string | null, initial = false): Promise<void> {
    await this.#update(id, { password_hash: passwordHash, password_initial: initial });
  }

  async setTotp(id: string, totpSealed: string | null): Promise<void> {
    await this.#update(id, { totp_sealed: totpSealed });
  }

  async setCheckedIdentity(id: string, checked: { name: string; citizen: CitizenFacts & { idNumberIndex: string }; assurance: AssuranceLevel }): Promise<void> {
    try {
      await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
        const n = await trx('accounts').where({ id }).update({
          name: checked.name, assurance: checked.assurance,
          id_number_sealed: checked.citizen.idNumberSealed, id_number_index: checked.citizen.idNumberIndex, id_number_masked: checked.citizen.idNumberMasked,
        });
        if (!n) throw new AppError('ERR_NOT_FOUND', 'no such account', { details: { accountId: id } });
        const login = `idx:${checked.citizen.idNumberIndex}`;
        const held = await trx('account_logins').where({ login }).first();
        if (!held) await trx('account_logins').insert({ login, account_id: id });
        else if (held.account_id !== id) throw new AppError('ERR_CONFLICT', 'ID number belongs to another account');
      })));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'ID number belongs to another account', { cause: e });
      throw e;
    }
  }

  async addDepartment(d: Department): Promise<void> {
    try {
      await sqlCall(() => this.#knex('departments').insert({ id: d.id, parent_id: d.parentId, name: d.name, kind: d.kind, credit_code: d.creditCode ?? null }));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'department exists', { cause: e });
      throw e;
    }
  }

  async departments(): Promise<Department[]> {
    const rows = await sqlCall(() => this.#knex<{ id: string; parent_id: string | null; name: string; kind: string; credit_code: string | null }>('departments').select());
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, kind: r.kind as DepartmentKind, creditCode: r.credit_code }));
  }

  async #update(id: string, fields: Partial<Row>): Promise<void> {
    const n = await sqlCall(() => this.#knex('accounts').where({ id }).update(fields));
    if (!n) throw new AppError('ERR_NOT_FOUND', 'no such account', { details: { accountId: id } });
  }
}
