// The audit search over a large log on MariaDB/MySQL: generates the log (1,000,000 records by
// default, `--records N`) in a database of its own, `yinxin_bench_audit_search`, migrated like
// the service's, with a realistic spread (a few busy actors and objects and many rare ones, token
// and sign-in records most frequent, a year of time). The records' hashes are synthetic (the
// search never reads them), which makes generating fast: multi-row INSERTs of 2,000 rows.
// Then it times searches as the audit page and API make them (first page and a deep page of 50,
// keyset cursor), by object and by actor within a time range and the sign-in events, against a
// target of 200 ms, and an export of tens of thousands of records streamed as CSV, printing rows
// per second and the most memory it took above the start (bounded by a page, not the export).
// Needs BENCH_MYSQL_URL or TEST_MYSQL_URL; without one it says so and exits 0. `--keep` leaves the
// database for a rerun (which reuses it when it holds the same number of records).
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { connectSql } from '../src/adapters/sql/connect.ts';
import { migrateLatest } from '../src/adapters/sql/migrate.ts';
import { SqlAuditStore } from '../src/adapters/sql/sql-audit-store.ts';
import type { AuditCursor, AuditQuery } from '../src/domain/audit-query.ts';
import { SIGN_IN_ACTIONS } from '../src/domain/audit-query.ts';
import { auditExportChunks } from '../src/http/routes/audit-export-stream.ts';
import { systemClock } from '../src/ports/clock.ts';
import { AuditLog } from '../src/services/audit/audit-log.ts';
import { EXPORT_PAGE, startAuditExport } from '../src/services/audit/export-audit.ts';
import { searchAudit } from '../src/services/audit/search-audit.ts';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const N = Number(args.records);
const DB = 'yinxin_bench_audit_search';
const TARGET_MS = 200;
const PAGE = 50;
const BATCH = 2000;
const START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR_MS = 365 * 24 * 3600_000;

const baseUrl = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL;
if (!baseUrl) {
  console.log('audit-search: skipped (set BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/test to run it)');
  process.exit(0);
}

/** A deterministic pseudo-random stream (the same log on every run). */
let seed = 0x2f6b_1d3;
const rand = () => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};
/** Skewed choice of 0..n-1: low numbers are far more frequent (a few busy, many rare). */
const skewed = (n: number) => Math.min(n - 1, Math.floor(n * rand() ** 3));

const ACTIONS: [string, number][] = [
  ['token.issue', 30], ['login.password', 14], ['login.sms', 6], ['login.totp', 4], ['login.qr', 2], ['logout', 5], ['verification.check', 15],
  ['licence.access', 8], ['seal.use', 6], ['licence.issue', 3], ['consent.grant', 3], ['admin.access', 1], ['staff.update', 1], ['app.update', 1],
];
const WEIGHT = ACTIONS.reduce((s, [, w]) => s + w, 0);
function action(): string {
  let x = rand() * WEIGHT;
  for (const [a, w] of ACTIONS) if ((x -= w) < 0) return a;
  return 'token.issue';
}
const KINDS = ['citizen', 'staff', 'legal_person'];

function row(seq: number) {
  const a = action();
  const actorNo = skewed(50_000);
  const kind = KINDS[actorNo % 3] as string;
  const object = a === 'token.issue' ? null : a.startsWith('login') || a === 'logout' ? `${kind[0]}_${actorNo}` : `obj-${skewed(200_000)}`;
  return {
    seq, time: new Date(START + Math.floor((seq / N) * YEAR_MS)).toISOString(), actor_id: a === 'token.issue' ? null : `${kind[0]}_${actorNo}`,
    actor_kind: a === 'token.issue' ? 'system' : kind, action: a, object, outcome: rand() < 0.05 ? 'failure' : 'success',
    client_ip: `10.${actorNo % 256}.${(actorNo >> 8) % 256}.7`, request_id: null, details: `{"n":${seq % 997},"note":"bench"}`,
    prev_hash: (seq - 1).toString(16).padStart(64, '0'), hash: seq.toString(16).padStart(64, '0'),
  };
}

async function generate(knex: Knex): Promise<void> {
  const have = Number(((await knex('audit_log').count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
  if (have === N) {
    console.log(`reusing ${N.toLocaleString('en')} records in ${DB}`);
    return;
  }
  await knex('audit_log').truncate();
  const t = performance.now();
  let next = 1;
  const worker = async () => {
    while (next <= N) {
      const from = next;
      next = Math.min(N + 1, next + BATCH);
      const rows = [];
      for (let s = from; s < next; s++) rows.push(row(s));
      await knex('audit_log').insert(rows);
    }
  };
  await Promise.all([worker(), worker()]);
  const s = (performance.now() - t) / 1000;
  console.log(`generated ${N.toLocaleString('en')} records in ${s.toFixed(1)} s (${Math.round(N / s).toLocaleString('en')} rows/s, multi-row INSERTs of ${BATCH})`);
}

/** Median and worst of `runs` timings of `fn`, in milliseconds, after one warm-up. */
async function time(fn: () => Promise<unknown>, runs = 15): Promise<{ median: number; max: number }> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)] as number, max: ms.at(-1) as number };
}

async function busiest(knex: Knex, column: 'actor_id' | 'object', like: string): Promise<string> {
  // The busiest of a sample (not a GROUP BY over the whole log, which the bench would then time too).
  const rows = (await knex('audit_log').select(column).where(column, 'like', like).where('seq', '<=', 20_000)) as Record<string, string>[];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r[column] as string, (counts.get(r[column] as string) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
}

const admin = connectSql(baseUrl, { poolMax: 1 });
await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${DB}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
await admin.destroy();
const u = new URL(baseUrl);
u.pathname = `/${DB}`;
const knex = connectSql(u.toString(), { poolMax: 4 });
let ok = true;
try {
  await migrateLatest(knex);
  await generate(knex);
  const store = new SqlAuditStore(knex);
  const log = new AuditLog(store, systemClock);
  const who = { id: 's_bench_auditor', kind: 'staff' as const, clientIp: null, requestId: null };
  const actor = await busiest(knex, 'actor_id', '%');
  const object = await busiest(knex, 'object', 'obj-%');
  const month = { from: new Date(START + 0.4 * YEAR_MS).toISOString(), to: new Date(START + 0.4 * YEAR_MS + 30 * 86_400_000).toISOString() };
  const cases: [string, AuditQuery][] = [
    [`object ${object}, 30 days`, { object, ...month }],
    [`object ${object}, all time`, { object }],
    [`actor ${actor}, 30 days`, { actorId: actor, ...month }],
    [`actor ${actor}, all time`, { actorId: actor }],
    ['sign-in events (9 types), 30 days', { actions: SIGN_IN_ACTIONS, ...month }],
    ['everything, 30 days', month],
  ];
  console.log(`audit-search on MariaDB/MySQL over ${N.toLocaleString('en')} records: pages of ${PAGE}, median and worst of 15 (target < ${TARGET_MS} ms)`);
  for (const [name, q] of cases) {
    // The deep page: the cursor after ten pages, as the next-page link carries it.
    let after: AuditCursor | null = null;
    for (let i = 0; i < 10; i++) {
      const p = await store.search(q, after, PAGE);
      const last = p.at(-1);
      if (p.length < PAGE || !last) break;
      after = { time: last.time, seq: last.seq };
    }
    const first = await time(() => store.search(q, null, PAGE));
    const deep = await time(() => store.search(q, after, PAGE));
    // What the API answers: the search plus recording it in the log.
    const service = await time(() => searchAudit({ search: store, audit: log }, who, q, null, PAGE));
    const worst = Math.max(first.max, deep.max, service.median);
    ok &&= worst < TARGET_MS;
    console.log(`  ${name.padEnd(38)} first page ${first.median.toFixed(1).padStart(6)} ms (worst ${first.max.toFixed(1).padStart(6)})   page 11 ${deep.median.toFixed(1).padStart(6)} ms (worst ${deep.max.toFixed(1).padStart(6)})   with audit record ${service.median.toFixed(1).padStart(6)} ms   ${worst < TARGET_MS ? 'ok' : 'SLOW'}`);
  }

  // Export: every record of the busiest action in ~3 months, streamed as CSV into a sink that
  // takes its time like a network would; memory sampled while it runs.
  const quarter = { from: new Date(START + 0.5 * YEAR_MS).toISOString(), to: new Date(START + 0.75 * YEAR_MS).toISOString() };
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  let bytes = 0;
  let rows = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      rows += chunk.toString('utf8').split('\r\n').length - 1;
      setImmediate(done);
    },
  });
  const t = performance.now();
  await pipeline(auditExportChunks('csv', await startAuditExport({ search: store, audit: log }, who, { actions: ['token.issue'], ...quarter }, 'csv')), sink);
  const s = (performance.now() - t) / 1000;
  clearInterval(sample);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(`  export CSV of ${(rows - 1).toLocaleString('en')} records (${mb(bytes)} MB) in ${s.toFixed(1)} s: ${Math.round((rows - 1) / s).toLocaleString('en')} records/s, ${mb(bytes / s)} MB/s`);
  console.log(`  memory above the start while exporting: heap ${mb(peakHeap - base.heapUsed)} MB, RSS ${mb(peakRss - base.rss)} MB (pages of ${EXPORT_PAGE} records; the export itself is ${mb(bytes)} MB)`);
} finally {
  await knex.destroy();
  if (!args.keep) {
    const drop = connectSql(baseUrl, { poolMax: 1 });
    await drop.raw(`DROP DATABASE IF EXISTS \`${DB}\``);
    await drop.destroy();
  }
}
process.exit(ok ? 0 : 1);
