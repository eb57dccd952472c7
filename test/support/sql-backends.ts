// The SQL backends a suite runs against: a SQLite file always, MariaDB/MySQL when TEST_MYSQL_URL
// is set (required under CI). Contract suites run against one node of a MariaDB Galera cluster
// too when TEST_GALERA_URLS names one (.ci/run starts it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { migrateLatest } from '../../src/adapters/sql/migrate.ts';
import { freshGaleraDatabase, freshMysqlDatabase, testGaleraUrls, testMysqlUrl } from './services.ts';

export interface SqlBackend {
  name: string;
  /**
   * A fresh, migrated database: its URL, an open knex, and a cleanup that drops it. `urls` are
   * the same database through each server of a cluster, the first being `url` (one entry when
   * there is one server), for a second process that should write through another node.
   */
  open(): Promise<{ url: string; urls: string[]; knex: Knex; cleanup: () => Promise<void> }>;
}

const sqlite: SqlBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'yinxin-sql-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const knex = connectSql(url);
    await migrateLatest(knex);
    return { url, urls: [url], knex, cleanup: async () => { await knex.destroy(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

const mysql = (baseUrl: string): SqlBackend => ({
  name: 'mariadb',
  async open() {
    const db = await freshMysqlDatabase(baseUrl);
    const knex = connectSql(db.url);
    await migrateLatest(knex);
    return { url: db.url, urls: [db.url], knex, cleanup: async () => { await knex.destroy(); await db.drop(); } };
  },
});

const galera = (nodeUrls: readonly string[]): SqlBackend => ({
  name: 'galera',
  async open() {
    const db = await freshGaleraDatabase(nodeUrls);
    const url = db.urls[0] as string;
    const knex = connectSql(url);
    await migrateLatest(knex);
    return { url, urls: db.urls, knex, cleanup: async () => { await knex.destroy(); await db.drop(); } };
  },
});

export const sqlBackends: SqlBackend[] = testMysqlUrl ? [sqlite, mysql(testMysqlUrl)] : [sqlite];

/** The backends of the SQL contract suites: the above, and a Galera cluster where one is given. */
export const sqlContractBackends: SqlBackend[] = testGaleraUrls.length > 0 ? [...sqlBackends, galera(testGaleraUrls)] : sqlBackends;
