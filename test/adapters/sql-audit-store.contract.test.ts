import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileAuditWitness } from '../../src/adapters/audit/file-audit-witness.ts';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { migrateLatest, migrateRollbackAll } from '../../src/adapters/sql/migrate.ts';
import { SqlAuditStore } from '../../src/adapters/sql/sql-audit-store.ts';
import { hashAuditRecord } from '../../src/domain/audit-record.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { AuditLog } from '../../src/services/audit/audit-log.ts';
import { signAuditCheckpoint } from '../../src/services/audit/sign-audit-checkpoint.ts';
import { verifyAuditChain } from '../../src/services/audit/verify-audit-chain.ts';
import { verifyAuditLog } from '../../src/services/audit/verify-audit-log.ts';
import { auditKeys } from '../support/audit-keys.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('../support/audit-append-worker.ts', import.meta.url));

describe.each(sqlContractBackends)('SQL audit store on $name', (backend) => {
  let url: string;
  /** The database through each server (on a Galera cluster, each node); processes write through different ones. */
  let urls: string[];
  let knex: Knex;
  let cleanup: () => Promise<void>;
  let store: SqlAuditStore;
  let log: AuditLog;

  beforeAll(async () => {
    ({ url, urls, knex, cleanup } = await backend.open());
  });
  afterAll(async () => cleanup());

  const reset = async (n: number) => {
    await knex('audit_log').del();
    store = new SqlAuditStore(knex);
    log = new AuditLog(store, systemClock);
    for (let i = 1; i <= n; i++) {
      await log.append({ actor: { id: `u${i}`, kind: 'staff' }, action: 'test.event', object: `obj-${i}`, outcome: 'success', details: { i } });
    }
  };

  it('migrations roll back and re-apply cleanly', async () => {
    await migrateRollbackAll(knex);
    expect(await knex.schema.hasTable('audit_log')).toBe(false);
    expect(await migrateLatest(knex)).toContain('0001_audit.ts');
    expect(await knex.schema.hasTable('audit_log')).toBe(true);
  });

  it('stores records exactly and refuses a taken seq', async () => {
    await reset(3);
    const last = (await store.last()) as AuditRecord;
    expect(last.seq).toBe(3);
    expect(hashAuditRecord(last)).toBe(last.hash);
    expect(await store.insertIfAbsent({ ...last, object: 'other' })).toBe(false);
    expect((await store.page(0, 10)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await store.page(1, 1)).map((r) => r.seq)).toEqual([2]);
    const r1 = (await store.page(0, 1))[0] as AuditRecord;
    expect(r1.prevHash).toBe('0'.repeat(64));
    expect(r1.details).toBe('{"i":1}');
  });

  it('verifies an intact chain', async () => {
    await reset(12);
    const report = await verifyAuditChain(store);
    expect(report).toMatchObject({ ok: true, verified: 12, head: { seq: 12 } });
  });

  it('names an edited record', async () => {
    await reset(10);
    await knex('audit_log').where({ seq: 4 }).update({ outcome: 'failure' });
    const report = await verifyAuditChain(store);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 4, reason: 'AUDIT_RECORD_ALTERED' });
    expect(report.verified).toBe(3);
  });

  it('names a deleted record', async () => {
    await reset(10);
    await knex('audit_log').where({ seq: 6 }).del();
    expect((await verifyAuditChain(store)).firstBroken).toMatchObject({ seq: 6, reason: 'AUDIT_RECORD_MISSING' });
  });

  it('names the place of an inserted record, even one hashed correctly by the forger', async () => {
    await reset(8);
    // Make room at seq 5 by moving 5..8 up by one (highest first, keeping keys unique), then insert
    // a forged record whose own hash and link are right.
    for (let seq = 8; seq >= 5; seq--) await knex('audit_log').where({ seq }).update({ seq: seq + 1 });
    const r4 = (await store.page(3, 1))[0] as AuditRecord;
    const forged = { ...r4, seq: 5, object: 'forged', prevHash: r4.hash };
    const row = { ...forged, hash: hashAuditRecord(forged) };
    await knex('audit_log').insert({
      seq: row.seq, time: row.time, actor_id: row.actorId, actor_kind: row.actorKind, action: row.action, object: row.object,
      outcome: row.outcome, client_ip: row.clientIp, request_id: row.requestId, details: row.details, prev_hash: row.prevHash, hash: row.hash,
    });
    const report = await verifyAuditChain(store);
    expect(report.firstBroken?.seq).toBe(6);
    expect(['AUDIT_RECORD_ALTERED', 'AUDIT_LINK_BROKEN']).toContain(report.firstBroken?.reason);
  });

  it('names a reordered record', async () => {
    await reset(8);
    await knex('audit_log').where({ seq: 3 }).update({ seq: 1000 });
    await knex('audit_log').where({ seq: 4 }).update({ seq: 3 });
    await knex('audit_log').where({ seq: 1000 }).update({ seq: 4 });
    expect((await verifyAuditChain(store)).firstBroken).toMatchObject({ seq: 3, reason: 'AUDIT_RECORD_ALTERED' });
  });

  it('names a record rewritten with a recomputed hash by its broken link', async () => {
    await reset(6);
    const r3 = (await store.page(2, 1))[0] as AuditRecord;
    const changed = { ...r3, outcome: 'denied' };
    await knex('audit_log').where({ seq: 3 }).update({ outcome: 'denied', hash: hashAuditRecord(changed) });
    expect((await verifyAuditChain(store)).firstBroken).toMatchObject({ seq: 4, reason: 'AUDIT_LINK_BROKEN' });
  });

  it('checks trusted checkpoints, including a truncated tail', async () => {
    await reset(5);
    const r5 = (await store.last()) as AuditRecord;
    expect((await verifyAuditChain(store, { checkpoints: [{ seq: 5, hash: r5.hash }] })).ok).toBe(true);
    expect((await verifyAuditChain(store, { checkpoints: [{ seq: 5, hash: 'f'.repeat(64) }] })).firstBroken?.reason).toBe('AUDIT_CHECKPOINT_MISMATCH');
    await knex('audit_log').where({ seq: 5 }).del();
    expect((await verifyAuditChain(store, { checkpoints: [{ seq: 5, hash: r5.hash }] })).firstBroken).toMatchObject({ seq: 5, reason: 'AUDIT_TRUNCATED' });
  });

  it('batches the concurrent appends of one writer, each event its own record, beside another writer', async () => {
    await reset(0);
    let batches = 0;
    const insertAll = store.insertAllIfAbsent.bind(store);
    store.insertAllIfAbsent = async (rs) => { batches++; return insertAll(rs); };
    const other = new AuditLog(new SqlAuditStore(knex), systemClock);
    const event = (who: string, i: number) => ({ actor: { id: who, kind: 'staff' as const }, action: 'test.event', object: `${who}-${i}`, outcome: 'success' as const, details: { i } });
    const stored = await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => log.append(event('a', i))),
      ...Array.from({ length: 100 }, (_, i) => other.append(event('b', i))),
    ]);
    expect(new Set(stored.map((r) => r.seq)).size).toBe(200);
    expect(stored.slice(0, 100).map((r) => r.object)).toEqual(Array.from({ length: 100 }, (_, i) => `a-${i}`));
    expect(await verifyAuditChain(store)).toMatchObject({ ok: true, verified: 200 });
    const objects = (await store.page(0, 1000)).map((r) => r.object);
    expect(new Set(objects).size).toBe(200);
    // Within one writer, the order of its events is kept in the chain.
    const mine = objects.filter((o) => o?.startsWith('a-'));
    expect(mine).toEqual(Array.from({ length: 100 }, (_, i) => `a-${i}`));
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(100);
  });

  it('keeps one checkpoint chain when two processes, each with its own witness, checkpoint at once', async () => {
    await reset(0);
    await knex('audit_checkpoints').del();
    const dir = mkdtempSync(join(tmpdir(), 'yinxin-witness-'));
    const otherKnex = connectSql(urls[1] ?? url);
    try {
      const { signer, opts } = await auditKeys();
      const sides = [new SqlAuditStore(knex), new SqlAuditStore(otherKnex)].map((s, i) => ({ store: s, signer, clock: systemClock, witness: new FileAuditWitness(join(dir, `w${i}.log`)) }));
      for (let round = 0; round < 8; round++) {
        await log.append({ actor: { id: 'u', kind: 'staff' }, action: 'test.event', outcome: 'success' });
        // The second side may have appended more by the time it signs: both cover different heads.
        const more = round % 2 ? new AuditLog(sides[1]!.store, systemClock).append({ actor: { id: 'v', kind: 'staff' }, action: 'test.event', outcome: 'success' }) : null;
        await Promise.all([signAuditCheckpoint(sides[0]!), more?.then(() => signAuditCheckpoint(sides[1]!)) ?? signAuditCheckpoint(sides[1]!)]);
      }
      const cps = await store.checkpoints();
      expect(cps.map((c) => c.index)).toEqual(cps.map((_, i) => i + 1));
      for (const side of sides) {
        expect(await verifyAuditLog(store, { ...opts, witness: side.witness })).toMatchObject({ ok: true, checkpoints: { trusted: cps.length } });
      }
    } finally {
      await otherKnex.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one valid chain when processes append at once, each through its own server of a cluster', async () => {
    await reset(0);
    const n = 60;
    const node = process.execPath;
    // Two processes on SQLite and a single server; one per node on a cluster.
    const writers = Array.from({ length: Math.max(2, urls.length) }, (_, i) => ({ tag: `p${i + 1}`, url: urls[i % urls.length] as string }));
    await Promise.all(writers.map((w) => run(node, [worker, w.url, String(n), w.tag])));
    const report = await verifyAuditChain(store);
    expect(report).toMatchObject({ ok: true, verified: writers.length * n });
    // One chain: every seq once, each record linked to the one before it, as seen from every server.
    for (const u of urls) {
      const k = connectSql(u, { poolMax: 1 });
      try {
        expect(await verifyAuditChain(new SqlAuditStore(k))).toMatchObject({ ok: true, verified: writers.length * n, head: report.head });
      } finally {
        await k.destroy();
      }
    }
    const actors = (await knex('audit_log').select('actor_id').count({ c: '*' }).groupBy('actor_id')) as { actor_id: string; c: number | string }[];
    expect(Object.fromEntries(actors.map((a) => [a.actor_id, Number(a.c)]))).toEqual(Object.fromEntries(writers.map((w) => [w.tag, n])));
  }, 90_000);
});
