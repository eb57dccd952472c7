// The SQL backends a contract suite runs against: a SQLite file always, MariaDB/MySQL when
// TEST_MYSQL_URL is set (required under CI).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { migrateLatest } from '../../src/adapters/sql/migrate.ts';
import { freshMysqlDatabase, testMysqlUrl } from './services.ts';

export interface SqlBackend {
  name: string;
  /** A fresh, migrated database: its URL, an open knex, and a cleanup that drops it. */
  open(): Promise<{ url: string; knex: Knex; cleanup: () => Promise<void> }>;
}

const sqlite: SqlBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'yinxin-sql-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const knex = connectSql(url);
    await migrateLatest(knex);
    return { url, knex, cleanup: async () => { await knex.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

const mysql = (baseUrl: string): SqlBackend => ({
  name: 'mariadb',
  async open() {
    const db = await freshMysqlDatabase(baseUrl);
    const knex = connectSql(db.url);
    await migrateLatest(knex);
    return { url: db.url, knex, cleanup: async () => { await knex.destroy(); await db.drop(); } };
  },
});

export const sqlBackends: SqlBackend[] = testMysqlUrl ? [sqlite, mysql(testMysqlUrl)] : [sqlite];
