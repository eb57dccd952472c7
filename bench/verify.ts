// A public licence check by QR handle (GET /v/<handle>, JSON) beside its floor, in one run. Ours:
// `yinxin start` as in production (its Express app and middleware, the register in MariaDB, the
// public rate limit in Redis, the verdict, the audit record and the signed receipt, the access log
// at info). The reference: a minimal node:http service answering the same request with one
// MariaDB round trip and the four SM2 verifications of a licence check, with yinxin's own SM2
// verify function, so the comparison isolates the service's overhead (bench/support/verify-floor.ts).
// Prints, from alternating rounds (BENCH_ROUNDS pairs, default 5, of BENCH_SECONDS, default 2, 8
// clients each): checks per second and server CPU per check of each, and the ratios (target ours
// >= 0.7 of the reference); then latency p50 and p99 of each at a fixed offered load of 200
// requests per second for BENCH_LOAD_SECONDS (default 10; target ours p99 < 50 ms).
// MariaDB: BENCH_MYSQL_URL or TEST_MYSQL_URL; Redis: BENCH_REDIS_URL or TEST_REDIS_URL (both required).
// BENCH_PROFILE_DIR: CPU profiles of both servers.
import { fileURLToPath } from 'node:url';
import {
  checkLicence, cleanupDir, freePort, freshDatabase, mysqlUrl, redisUrl, round, serviceEnv, setUp, startNode, startYinxin, summary, tempDir, waitReady,
} from './support/service.ts';
import type { Round } from './support/service.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONCURRENCY = 8;
const OFFERED_RPS = 200;
/** A request of the fixed load not answered in this time counts as an error (and the run ends in time). */
const TIMEOUT_MS = 5_000;

interface Latency { p50: number; p99: number; max: number; errors: number; sent: number }

/** Open loop: each request leaves at its scheduled time whatever the earlier ones are doing. */
async function fixedLoad(task: (signal: AbortSignal) => Promise<void>): Promise<Latency> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const total = OFFERED_RPS * LOAD_SECONDS;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / OFFERED_RPS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(task(AbortSignal.timeout(TIMEOUT_MS)).then(() => { latencies.push(performance.now() - due); }, () => { errors++; }));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? NaN, errors, sent: total };
}

if (!mysqlUrl || !redisUrl) {
  console.log('verify: skipped: needs MariaDB (BENCH_MYSQL_URL or TEST_MYSQL_URL) and Redis (BENCH_REDIS_URL or TEST_REDIS_URL)');
  process.exit(0);
}
const dir = tempDir('verify');
const db = await freshDatabase(dir);
const [port, floorPort] = [await freePort(), await freePort()];
const env = serviceEnv(dir, db.url, `http://127.0.0.1:${port}`, redisUrl);
const world = await setUp(env, { accounts: 0, licence: true });
const handle = world.handle as string;
const ours = await startYinxin(env, port, 'verify-yinxin');
const answer = await (await fetch(`${ours.url}/v/${handle}`, { headers: { accept: 'application/json', 'x-forwarded-for': '10.255.0.1' } })).text();
const floor = startNode([fileURLToPath(new URL('./support/verify-floor.ts', import.meta.url))],
  { FLOOR_CONFIG: JSON.stringify({ port: floorPort, databaseUrl: db.url, answerBytes: Buffer.byteLength(answer) }) }, 'verify-floor');
try {
  const floorUrl = `http://127.0.0.1:${floorPort}`;
  await waitReady(`${floorUrl}/`, floor);
  const [ourPid, floorPid] = [ours.child.pid as number, floor.child.pid as number];
  const oursCheck = (signal?: AbortSignal) => checkLicence(ours.url, handle, signal);
  const floorCheck = (signal?: AbortSignal) => checkLicence(floorUrl, handle, signal);
  console.log(`verify: licence check by handle (answer ${Buffer.byteLength(answer)} bytes); ${ROUNDS} alternating pairs of ${SECONDS} s rounds, ${CONCURRENCY} clients, medians; MariaDB and Redis`);
  await round([ourPid], 4, 1, () => oursCheck());
  await round([floorPid], 4, 1, () => floorCheck());
  const o: Round[] = [];
  const f: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) o.push(await round([ourPid], CONCURRENCY, SECONDS, () => oursCheck()));
    f.push(await round([floorPid], CONCURRENCY, SECONDS, () => floorCheck()));
    if (i % 2 === 1) o.push(await round([ourPid], CONCURRENCY, SECONDS, () => oursCheck()));
  }
  const s = summary(o, f);
  const n = (x: number) => x.toFixed(0).padStart(6);
  console.log(`   reference (node:http + 1 MariaDB round trip + 4 SM2 verifications) ${n(s.ref.perSecond)} /s   server CPU ${s.ref.cpuMs.toFixed(2)} ms per check (event loop ${s.ref.mainMs.toFixed(2)})   failed ${s.ref.failed}`);
  console.log(`   yinxin (app, register, rate limit, verdict, audit, receipt, access log) ${n(s.ours.perSecond)} /s   server CPU ${s.ours.cpuMs.toFixed(2)} ms per check (event loop ${s.ours.mainMs.toFixed(2)})   failed ${s.ours.failed}`);
  console.log(`   ratio ${s.ratio.toFixed(2)} (target >= 0.70; per pair ${s.pairs}); by server CPU per check ${s.cpuRatio.toFixed(2)}`);
  for (const [name, task] of [['yinxin', oursCheck], ['reference', floorCheck]] as const) {
    const l = await fixedLoad(task);
    console.log(`   fixed load ${OFFERED_RPS} req/s for ${LOAD_SECONDS} s, ${name.padEnd(9)}: p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(1)} ms, errors (incl. over ${TIMEOUT_MS / 1000} s) ${l.errors} of ${l.sent}${name === 'yinxin' ? ' (target p99 < 50 ms)' : ''}`);
  }
} finally {
  await Promise.all([ours.stop(), floor.stop()]);
  await db.drop();
  cleanupDir(dir);
}
process.exit(0);
