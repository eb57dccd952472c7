import type { Knex } from 'knex';
import type { AppStore, RegisteredApp } from '../../ports/app-store.ts';
import { sqlCall } from '../sql/sql-errors.ts';

interface Row { client_id: string; metadata: string; secret_hash: string | null; status: string; created_at: string; updated_at: string }

const toApp = (r: Row): RegisteredApp => ({
  clientId: r.client_id,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  secretHash: r.secret_hash,
  status: r.status === 'disabled' ? 'disabled' : 'active',
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Registered apps in the service database. */
export class SqlAppStore implements AppStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async save(app: RegisteredApp): Promise<void> {
    const row: Row = {
      client_id: app.clientId, metadata: JSON.stringify(app.metadata), secret_hash: app.secretHash, status: app.status,
      created_at: app.createdAt, updated_at: app.updatedAt,
    };
    await sqlCall(() => this.#knex('apps').insert(row).onConflict('client_id').merge(['metadata', 'secret_hash', 'status', 'updated_at']));
  }

  async find(clientId: string): Promise<RegisteredApp | null> {
    const row = await sqlCall(() => this.#knex<Row>('apps').where({ client_id: clientId }).first());
    return row ? toApp(row) : null;
  }

  async list(): Promise<RegisteredApp[]> {
    const rows = await sqlCall(() => this.#knex<Row>('apps').orderBy('client_id'));
    return rows.map(toApp);
  }

  async remove(clientId: string): Promise<boolean> {
    return (await sqlCall(() => this.#knex('apps').where({ client_id: clientId }).delete())) > 0;
  }
}
