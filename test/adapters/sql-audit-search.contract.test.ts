// The audit search on SQLite and MariaDB: every filter and their combinations give exactly the
// matching records newest first by (time, seq); keyset pages joined give the whole answer once,
// ties of time included, and records appended meanwhile never shift a page; several event types
// merge in order. The query plans read the migration's indexes (EXPLAIN on MariaDB, EXPLAIN QUERY
// PLAN on SQLite), never the whole table.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSearchStatement } from '../../src/adapters/sql/sql-audit-search.ts';
import { SqlAuditStore } from '../../src/adapters/sql/sql-audit-store.ts';
import type { AuditCursor, AuditQuery } from '../../src/domain/audit-query.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const ACTORS = ['s_alice', 's_bob', 'c_carol'];
const ACTIONS = ['login.password', 'login.sms', 'seal.use', 'licence.issue'];
const OBJECTS = ['lic-1', 'lic-2', 'seal-9', null];
/** 240 records over 10 days; every third pair shares a millisecond (ties broken by seq). */
const N = 240;

function records(): AuditRecord[] {
  const start = Date.parse('2026-11-01T00:00:00.000Z');
  return Array.from({ length: N }, (_, i) => {
    const seq = i + 1;
    const t = start + Math.floor(i / 2) * 3_600_000 * 2 + (i % 3 === 0 ? 0 : (i % 2) * 1000);
    return {
      seq, time: new Date(t).toISOString(), actorId: ACTORS[i % 3] as string, actorKind: 'staff', action: ACTIONS[i % 4] as string,
      object: OBJECTS[i % 4] ?? null, outcome: i % 5 === 0 ? 'failure' : 'success', clientIp: '10.0.0.1', requestId: null,
      details: '{}', prevHash: '0'.repeat(64), hash: seq.toString(16).padStart(64, '0'),
    };
  });
}

const matches = (q: AuditQuery) => (r: AuditRecord) =>
  (q.actorId === undefined || r.actorId === q.actorId) && (q.object === undefined || r.object === q.object)
  && (q.actions === undefined || q.actions.includes(r.action)) && (q.from === undefined || r.time >= q.from) && (q.to === undefined || r.time < q.to);
const newestFirst = (a: AuditRecord, b: AuditRecord) => (a.time < b.time ? 1 : a.time > b.time ? -1 : b.seq - a.seq);

describe.each(sqlContractBackends)('audit search on $name', (backend) => {
  let knex: Knex;
  let cleanup: () => Promise<void>;
  let store: SqlAuditStore;
  const all = records();

  beforeAll(async () => {
    ({ knex, cleanup } = await backend.open());
    store = new SqlAuditStore(knex);
    await store.insertAllIfAbsent(all);
  });
  afterAll(async () => cleanup());

  async function allPages(q: AuditQuery, size: number): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    let after: AuditCursor | null = null;
    for (let i = 0; i < 1000; i++) {
      const page = await store.search(q, after, size);
      out.push(...page);
      if (page.length < size) return out;
      const last = page.at(-1) as AuditRecord;
      after = { time: last.time, seq: last.seq };
    }
    throw new Error('paging did not end');
  }

  const queries: AuditQuery[] = [
    {},
    { actorId: 's_bob' },
    { object: 'lic-2' },
    { actions: ['seal.use'] },
    { actions: ['login.password', 'login.sms'] },
    { from: '2026-11-03T00:00:00.000Z', to: '2026-11-06T12:00:00.000Z' },
    { actorId: 's_alice', from: '2026-11-02T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' },
    { object: 'lic-1', actorId: 's_alice', actions: ['login.password'] },
    { object: 'lic-1', to: '2026-11-04T00:00:00.000Z' },
    { actorId: 'nobody' },
  ];

  it.each(queries)('finds exactly the matches, newest first, paged or not: %j', async (q) => {
    const expected = all.filter(matches(q)).sort(newestFirst).map((r) => r.seq);
    expect((await store.search(q, null, 1000)).map((r) => r.seq)).toEqual(expected);
    expect((await allPages(q, 7)).map((r) => r.seq)).toEqual(expected);
    expect((await allPages(q, 1)).map((r) => r.seq)).toEqual(expected);
  });

  it('pages are unmoved by records appended after the first page', async () => {
    const q = { actorId: 's_bob' };
    const first = await store.search(q, null, 10);
    const last = first.at(-1) as AuditRecord;
    await store.insertIfAbsent({ ...(all[0] as AuditRecord), seq: N + 1, time: '2026-12-31T00:00:00.000Z', actorId: 's_bob', hash: 'f'.repeat(64) });
    const second = await store.search(q, { time: last.time, seq: last.seq }, 10);
    const expected = all.filter(matches(q)).sort(newestFirst).slice(10, 20).map((r) => r.seq);
    expect(second.map((r) => r.seq)).toEqual(expected);
    await knex('audit_log').where('seq', N + 1).del();
  });

  it('reads one index range per search, never the whole table', async () => {
    const after = { time: '2026-11-05T00:00:00.000Z', seq: 100 };
    const cases: [AuditQuery, string | null, string][] = [
      [{ actorId: 's_bob', from: '2026-11-02T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' }, null, 'audit_log_actor_time'],
      [{ object: 'lic-1', from: '2026-11-02T00:00:00.000Z' }, null, 'audit_log_object_time'],
      [{}, 'login.sms', 'audit_log_action_time'],
      [{ from: '2026-11-02T00:00:00.000Z' }, null, 'audit_log_time'],
    ];
    for (const [q, action, index] of cases) {
      const sql = auditSearchStatement(knex, q, action, after, 50).toSQL().toNative();
      if (backend.name === 'sqlite') {
        const plan = (await knex.raw(`explain query plan ${sql.sql}`, sql.bindings as readonly Knex.Value[])) as { detail: string }[];
        const text = plan.map((p) => p.detail).join(' | ');
        expect(text).toContain(`USING INDEX ${index}`);
        expect(text).not.toMatch(/SCAN audit_log(?! USING)|USE TEMP B-TREE/);
      } else {
        const [plan] = (await knex.raw(`explain ${sql.sql}`, sql.bindings as readonly Knex.Value[])) as [{ table: string; type: string; key: string | null; Extra: string | null }[]];
        const row = plan.find((p) => p.table === 'audit_log');
        expect(row?.key).toBe(index);
        expect(row?.type).toBe('range');
        expect(row?.Extra ?? '').not.toMatch(/filesort/i);
      }
    }
  });
});
