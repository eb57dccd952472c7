// What only the SQL store has: rows that outlive their TTL until swept, a schema from a
// migration, and (on SQLite) data that survives closing and reopening the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlKvStore } from '../../src/adapters/kv/sql-kv-store.ts';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { migrateLatest, migrateRollbackAll } from '../../src/adapters/sql/migrate.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { fakeClock } from './kv-backends.ts';

const KV_TABLES = ['kv_entries', 'kv_sets', 'kv_set_members'];

describe.each(sqlBackends)('SQL key-value store on $name', (backend) => {
  let knex: Knex;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ knex, cleanup } = await backend.open());
  });
  afterAll(async () => cleanup?.());

  const rows = async (table: string, column: string, key: string) =>
    Number(((await knex(table).where(column, key).count({ c: '*' })) as { c: number | string }[])[0]?.c);

  it('keeps expired rows out of reads, and sweepExpired() deletes them', async () => {
    const clock = fakeClock();
    const store = new SqlKvStore(knex, clock);
    await store.set('sweep:gone', 'x', 1);
    await store.increment('sweep:counter', 1);
    await store.setAdd('sweep:set', 'a', 1);
    await store.setAdd('sweep:set', 'b', 1);
    await store.set('sweep:stays', 'y', 60);
    await store.set('sweep:forever', 'z');
    clock.advance(1000);
    expect(await store.get('sweep:gone')).toBeNull();
    expect(await store.setMembers('sweep:set')).toEqual([]);
    expect(await rows('kv_entries', 'k', 'sweep:gone')).toBe(1);
    expect(await rows('kv_set_members', 'set_key', 'sweep:set')).toBe(2);

    expect(await store.sweepExpired()).toBe(3);
    expect(await rows('kv_entries', 'k', 'sweep:gone')).toBe(0);
    expect(await rows('kv_entries', 'k', 'sweep:counter')).toBe(0);
    expect(await rows('kv_sets', 'k', 'sweep:set')).toBe(0);
    expect(await rows('kv_set_members', 'set_key', 'sweep:set')).toBe(0);
    expect(await store.get('sweep:stays')).toBe('y');
    expect(await store.get('sweep:forever')).toBe('z');
    expect(await store.sweepExpired()).toBe(0);
  });

  it('sweeps a backlog larger than one batch', async () => {
    const clock = fakeClock();
    const store = new SqlKvStore(knex, clock);
    await knex.batchInsert(
      'kv_entries',
      Array.from({ length: 1200 }, (_, i) => ({ k: `backlog:${i}`, v: 'x', expires_at: clock.now().getTime() + 1000 })),
      200,
    );
    clock.advance(1000);
    expect(await store.sweepExpired()).toBe(1200);
  });

  it('creates and drops its tables by migration', async () => {
    await migrateRollbackAll(knex);
    for (const t of KV_TABLES) expect(await knex.schema.hasTable(t)).toBe(false);
    expect(await migrateLatest(knex)).toContain('0002_kv.ts');
    for (const t of KV_TABLES) expect(await knex.schema.hasTable(t)).toBe(true);
  });

  it('answers ping, and close() leaves a shared pool open', async () => {
    const store = new SqlKvStore(knex);
    await store.ping();
    await store.close();
    await expect(knex.raw('SELECT 1')).resolves.toBeDefined();
  });
});

describe('SQL key-value store on a SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-kv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps values, counters and sets across close and reopen', async () => {
    const url = `sqlite:${join(dir, 'service.db')}`;
    const migrator = connectSql(url);
    await migrateLatest(migrator);
    await migrator.destroy();
    const first = new SqlKvStore(connectSql(url), undefined, { destroyOnClose: true });
    await first.set('session:1', '{"accountId":"u1"}', 3600);
    await first.set('forever', 'kept');
    await first.increment('login-failures:u1', 3600);
    await first.setAdd('grant:g1', 'AccessToken:t1', 3600);
    await first.close();
    await expect(first.ping()).rejects.toThrow();

    const second = new SqlKvStore(connectSql(url), undefined, { destroyOnClose: true });
    expect(await second.get('session:1')).toBe('{"accountId":"u1"}');
    expect(await second.get('forever')).toBe('kept');
    expect(await second.increment('login-failures:u1', 3600)).toBe(2);
    expect(await second.setMembers('grant:g1')).toEqual(['AccessToken:t1']);
    await second.close();
  });
});


describe('SQL key-value store when the database cannot be reached', () => {
  it('rejects with ERR_STORE_UNAVAILABLE', async () => {
    // Port 1 refuses connections: the MySQL server is down.
    const store = new SqlKvStore(connectSql('mysql://root@127.0.0.1:1/none'), undefined, { destroyOnClose: true });
    await expect(store.get('k')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.increment('k', 5)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await store.close();
  });
});
