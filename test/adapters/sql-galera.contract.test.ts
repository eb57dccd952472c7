// What yinxin relies on when its database is a MariaDB Galera cluster, each instance writing
// through its own node: every table replicates (InnoDB, a primary key), two writers of one row
// through different nodes meet at commit as a deadlock that is run again, reads on one node see
// what was committed through another just before, and a node answers readiness checks.
// Runs when TEST_GALERA_URLS lists the nodes (.ci/run starts a cluster: scripts/galera-cluster.sh).
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSql, pingSql } from '../../src/adapters/sql/connect.ts';
import { migrateLatest } from '../../src/adapters/sql/migrate.ts';
import { isDeadlock, retryDeadlock } from '../../src/adapters/sql/sql-errors.ts';
import { freshGaleraDatabase, testGaleraUrls } from '../support/services.ts';

describe.skipIf(testGaleraUrls.length < 2)('a Galera cluster as the database', () => {
  let one: Knex;
  let two: Knex;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshGaleraDatabase(testGaleraUrls);
    drop = db.drop;
    one = connectSql(db.urls[0] as string);
    two = connectSql(db.urls[1] as string);
    await migrateLatest(one);
    await one.schema.createTable('galera_probe', (t) => {
      t.string('k', 64).primary();
      t.integer('n').notNullable();
    });
  }, 60_000);

  afterAll(async () => {
    await one?.destroy();
    await two?.destroy();
    await drop?.();
  });

  it('has every table on InnoDB with a primary key, as Galera replicates them', async () => {
    const [rows] = (await two.raw(`
      SELECT t.TABLE_NAME AS name, t.ENGINE AS engine, COUNT(c.CONSTRAINT_NAME) AS pk
      FROM information_schema.TABLES t
      LEFT JOIN information_schema.TABLE_CONSTRAINTS c
        ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
      WHERE t.TABLE_SCHEMA = DATABASE() GROUP BY t.TABLE_NAME, t.ENGINE`)) as [{ name: string; engine: string; pk: number | string }[]];
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.engine !== 'InnoDB' || Number(r.pk) !== 1).map((r) => r.name)).toEqual([]);
  });

  it('reads on one node what was just committed through another', async () => {
    const [session] = (await two.raw('SELECT @@session.wsrep_sync_wait AS w')) as [{ w: number | string }[]];
    expect(Number(session[0]?.w) & 1).toBe(1);
    for (let i = 0; i < 50; i++) {
      await one('galera_probe').insert({ k: `read-${i}`, n: i });
      expect(await two('galera_probe').where({ k: `read-${i}` }).first()).toEqual({ k: `read-${i}`, n: i });
    }
  });

  it('refuses one of two transactions that changed a row through different nodes, as a deadlock, and runs it again', async () => {
    await one('galera_probe').insert({ k: 'hot', n: 0 });
    await two('galera_probe').where({ k: 'hot' }).first();
    // Both change the row inside open transactions; the first commit wins certification.
    const ta = await one.transaction();
    const tb = await two.transaction();
    await ta('galera_probe').where({ k: 'hot' }).increment('n', 1);
    await tb('galera_probe').where({ k: 'hot' }).increment('n', 10);
    await ta.commit();
    // knex reports a failed COMMIT through the transaction's own promise.
    await tb.commit();
    const lost = await tb.executionPromise.then(() => null, (e: unknown) => e);
    expect(isDeadlock(lost)).toBe(true);
    expect(await two('galera_probe').where({ k: 'hot' }).first()).toEqual({ k: 'hot', n: 1 });

    // The same race inside retryDeadlock: the loser runs again on the winner's row.
    let runs = 0;
    await retryDeadlock(() => two.transaction(async (trx) => {
      runs++;
      await trx('galera_probe').where({ k: 'hot' }).increment('n', 10);
      if (runs === 1) await one('galera_probe').where({ k: 'hot' }).increment('n', 100);
    }));
    expect(runs).toBeGreaterThan(1);
    expect(await one('galera_probe').where({ k: 'hot' }).first()).toEqual({ k: 'hot', n: 111 });
  });

  it('answers readiness checks on every node', async () => {
    for (const url of testGaleraUrls) {
      const k = connectSql(url, { poolMax: 1 });
      try {
        await expect(pingSql(k)).resolves.toBeUndefined();
      } finally {
        await k.destroy();
      }
    }
  });
});
