// Appends per second: the SM3-chained audit log against plain inserts of the same rows into a
// table of the same shape in the same database, interleaved in rounds so that machine noise hits
// both alike. Runs on a SQLite file always, and on MariaDB/MySQL when BENCH_MYSQL_URL (or
// TEST_MYSQL_URL) is set. Target: chained ≥ 0.5 × plain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { connectSql } from '../src/adapters/sql/connect.ts';
import { migrateLatest } from '../src/adapters/sql/migrate.ts';
import { SqlAuditStore } from '../src/adapters/sql/sql-audit-store.ts';
import { systemClock } from '../src/ports/clock.ts';
import { AuditLog } from '../src/services/audit/audit-log.ts';
import type { AuditEvent } from '../src/services/audit/audit-log.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = 3;

const event = (i: number): AuditEvent => ({
  actor: { id: `staff-${i % 50}`, kind: 'staff' }, action: 'seal.use', object: `seal-${i % 7}`, outcome: 'success',
  clientIp: '10.1.2.3', requestId: `req-${i}`, details: { documentHash: 'ab'.repeat(32), reason: '合同盖章' },
});

async function plainInserts(knex: Knex, start: number, n: number): Promise<number> {
  const t = performance.now();
  for (let i = start; i < start + n; i++) {
    const e = event(i);
    await knex('audit_plain').insert({
      seq: i, time: new Date().toISOString(), actor_id: e.actor.id, actor_kind: e.actor.kind, action: e.action,
      object: e.object, outcome: e.outcome, client_ip: e.clientIp, request_id: e.requestId,
      details: JSON.stringify(e.details), prev_hash: '', hash: '',
    });
  }
  return (n / (performance.now() - t)) * 1000;
}

async function chainedAppends(log: AuditLog, start: number, n: number): Promise<number> {
  const t = performance.now();
  for (let i = start; i < start + n; i++) await log.append(event(i));
  return (n / (performance.now() - t)) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function bench(name: string, url: string): Promise<number> {
  const knex = connectSql(url, { poolMax: 2 });
  await migrateLatest(knex);
  await knex.schema.dropTableIfExists('audit_plain');
  // Same columns and primary key as audit_log, no chaining.
  if (knex.client.config.client === 'mysql2') await knex.raw('CREATE TABLE audit_plain LIKE audit_log');
  else {
    await knex.raw(`CREATE TABLE audit_plain (seq bigint primary key, time varchar(24), actor_id varchar(128), actor_kind varchar(32),
      action varchar(128), object varchar(255), outcome varchar(16), client_ip varchar(64), request_id varchar(64), details text,
      prev_hash varchar(64), hash varchar(64))`);
  }
  const log = new AuditLog(new SqlAuditStore(knex), systemClock);
  await chainedAppends(log, 0, 200);
  await plainInserts(knex, 1_000_000, 200);
  const chained: number[] = [];
  const plain: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(await plainInserts(knex, r * N, N));
    chained.push(await chainedAppends(log, 0, N));
  }
  const c = median(chained);
  const p = median(plain);
  console.log(`${name.padEnd(8)} chained ${c.toFixed(0).padStart(6)} appends/s   plain ${p.toFixed(0).padStart(6)} inserts/s   ratio ${(c / p).toFixed(2)}  (target >= 0.50)`);
  await knex.schema.dropTableIfExists('audit_plain');
  await knex.destroy();
  return c / p;
}

const dir = mkdtempSync(join(tmpdir(), 'yinxin-bench-'));
console.log(`audit-append: ${N} sequential appends per round, ${ROUNDS} rounds interleaved, median`);
const ratios = [await bench('sqlite', `sqlite:${join(dir, 'bench.db')}`)];
rmSync(dir, { recursive: true, force: true });
const mysqlUrl = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL;
if (mysqlUrl) {
  const admin = connectSql(mysqlUrl, { poolMax: 1 });
  await admin.raw('CREATE DATABASE IF NOT EXISTS yinxin_bench');
  await admin.destroy();
  const u = new URL(mysqlUrl);
  u.pathname = '/yinxin_bench';
  ratios.push(await bench('mariadb', u.toString()));
  const drop = connectSql(mysqlUrl, { poolMax: 1 });
  await drop.raw('DROP DATABASE yinxin_bench');
  await drop.destroy();
} else {
  console.log('mariadb  skipped (set BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/test to include it)');
}
process.exit(ratios.every((r) => r >= 0.5) ? 0 : 1);
