import type { Knex } from 'knex';
import type { Account, StaffFacts } from '../../domain/account.ts';
import type { Department } from '../../domain/department.ts';
import { AppError } from '../../domain/errors.ts';
import type { Position, StaffDirectoryStore, StaffQuery } from '../../ports/staff-directory-store.ts';
import { isDuplicateKey, sqlCall } from '../sql/sql-errors.ts';
import { toAccount } from './sql-account-store.ts';
import type { Row } from './sql-account-store.ts';

/** `%` and `_` taken literally in a LIKE pattern, with `!` as the escape character (the same on MySQL and SQLite). */
const likeText = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** The staff directory over the accounts, departments and positions tables. */
export class SqlStaffDirectoryStore implements StaffDirectoryStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async listStaff(q: StaffQuery): Promise<{ accounts: Account[]; total: number }> {
    const filtered = () => {
      const b = this.#knex<Row>('accounts').where('kind', 'staff');
      if (q.departmentIds) b.whereIn('department_id', q.departmentIds);
      if (q.status) b.where('status', q.status);
      if (q.text) {
        const pattern = likeText(q.text);
        b.where((w) => {
          void w.whereRaw("name like ? escape '!'", [pattern]).orWhereRaw("staff_number like ? escape '!'", [pattern]);
        });
      }
      return b;
    };
    const [rows, count] = await Promise.all([
      sqlCall(() => filtered().select().orderBy('staff_number').limit(q.limit).offset(q.offset)),
      sqlCall(() => filtered().count({ n: '*' }).first()),
    ]);
    return { accounts: (rows as Row[]).map(toAccount), total: Number((count as { n: number | string } | undefined)?.n ?? 0) };
  }

  async updateStaff(id: string, name: string, staff: Omit<StaffFacts, 'staffNumber'>): Promise<void> {
    await this.#update('accounts', { id, kind: 'staff' }, {
      name, department_id: staff.departmentId, positions: JSON.stringify(staff.positions), roles: JSON.stringify(staff.roles),
    });
  }

  async setStatus(id: string, status: Account['status']): Promise<void> {
    await this.#update('accounts', { id }, { status });
  }

  async updateDepartment(d: Department): Promise<void> {
    await this.#update('departments', { id: d.id }, { name: d.name, parent_id: d.parentId });
  }

  async positions(): Promise<Position[]> {
    const rows = await sqlCall(() => this.#knex<{ id: string; name: string; created_at: string }>('positions').select().orderBy('id'));
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async addPosition(p: Position): Promise<void> {
    try {
      await sqlCall(() => this.#knex('positions').insert({ id: p.id, name: p.name, created_at: p.createdAt }));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'position exists', { cause: e });
      throw e;
    }
  }

  async renamePosition(id: string, name: string): Promise<void> {
    await this.#update('positions', { id }, { name });
  }

  async #update(table: string, where: Record<string, string>, fields: Record<string, unknown>): Promise<void> {
    const n = await sqlCall(() => this.#knex(table).where(where).update(fields));
    if (!n) throw new AppError('ERR_NOT_FOUND', `no such row in ${table}`, { details: where });
  }
}
