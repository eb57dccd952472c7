// Public verification by QR handle through HTTP, beside its reference: raw SM2 signature
// verifications, as many as one verification makes (the licence's SES signature, the seal
// maker's signature on the seal, and the two certificates of the chain: 4).
// The HTTP clients run in a worker thread and the service in the main thread, as a separate
// service process would; the service's event-loop busy time per verification is its cost on one
// core (its whole request path: HTTP, routing, the database and Redis clients, the verdict, the
// audit append and the signed receipt; MariaDB's and Redis's own CPU not counted, they run as
// their own services). Prints handle verifications per second through HTTP, the service's
// verifications per second of one core, the reference on one core and the ratio of the two
// (target ≥ 0.7), then latency p50 and p99 at a fixed offered load of 200 requests per second
// for 10 s (target p99 < 50 ms), measured by the clients.
// MariaDB with BENCH_MYSQL_URL and Redis with BENCH_REDIS_URL; else embedded SQLite and memory.
// BENCH_PROFILE_DIR: write a V8 CPU profile of the service's thread in the throughput phase there.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 8;
const SIGNATURE_CHECKS = 4;
const OFFERED_RPS = 200;
const LOAD_SECONDS = 10;

interface LoadResult { p50: number; p99: number; max: number; errors: number }

/** The clients (worker thread): on 'throughput' and 'load' messages, run that phase and post the result. */
async function runClients(path: string): Promise<void> {
  async function once(): Promise<void> {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    const body = (await res.json()) as { verdict: { result: string } };
    if (body.verdict.result !== 'VALID') throw new Error(`expected VALID, got ${body.verdict.result}`);
  }
  async function throughput(): Promise<{ n: number; seconds: number }> {
    let n = 0;
    const end = performance.now() + SECONDS * 1000;
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await once();
        n++;
      }
    }));
    return { n, seconds: (performance.now() - start) / 1000 };
  }
  async function fixedLoad(): Promise<LoadResult> {
    const latencies: number[] = [];
    let errors = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < OFFERED_RPS * LOAD_SECONDS; i++) {
      // Open loop: each request leaves at its scheduled time whatever the earlier ones are doing.
      const due = start + (i * 1000) / OFFERED_RPS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(once().then(() => { latencies.push(performance.now() - due); }, () => { errors++; }));
    }
    await Promise.all(pending);
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? NaN, errors };
  }
  for (let i = 0; i < 200; i++) await once();
  parentPort!.on('message', (what: string) => {
    void (what === 'throughput' ? throughput() : fixedLoad()).then((r) => parentPort!.postMessage(r));
  });
  parentPort!.postMessage('ready');
}

if (!isMainThread) {
  await runClients((workerData as { path: string }).path);
} else {
  if (process.env.BENCH_MYSQL_URL) process.env.TEST_MYSQL_URL = process.env.BENCH_MYSQL_URL;
  const { sqlBackends } = await import('../test/support/sql-backends.ts');
  const { verificationWorld } = await import('../test/services/verification/verification-world.ts');
  const { createApp } = await import('../src/http/app.ts');
  const { verificationRoutes } = await import('../src/http/routes/verification.ts');
  const { MemoryKvStore } = await import('../src/adapters/kv/memory-kv-store.ts');
  const { RedisKvStore } = await import('../src/adapters/kv/redis-kv-store.ts');
  const { generateKeyPair, sign, verify } = await import('../src/crypto/sm2.ts');

  const backend = sqlBackends[sqlBackends.length - 1]!;
  const redisUrl = process.env.BENCH_REDIS_URL;
  const v = await verificationWorld(backend);
  const counters = redisUrl ? new RedisKvStore({ url: redisUrl, prefix: `yinxin-bench-verify:${Date.now()}:` }) : new MemoryKvStore();
  const app = createApp({
    logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false,
    routers: [verificationRoutes({ verification: v.deps, counters, limits: { publicPerMinute: 1e9, verifierPerMinute: 1e9 }, readToken: async () => null })],
  });
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const licence = await v.issueProof();
  const path = `${url}/v/${licence.handle}`;


  function reference(): number {
    const { privateKey, publicKey } = generateKeyPair();
    const msg = new TextEncoder().encode('yinxin verification reference');
    const sig = sign(privateKey, msg);
    for (let i = 0; i < 200; i++) verify(publicKey, msg, sig);
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < SECONDS * 1000) {
      for (let i = 0; i < SIGNATURE_CHECKS; i++) verify(publicKey, msg, sig);
      n++;
    }
    return n / ((performance.now() - start) / 1000);
  }

  const clients = new Worker(new URL(import.meta.url), { workerData: { path } });
  const next = <T>(): Promise<T> => new Promise((resolve, reject) => { clients.once('message', resolve); clients.once('error', reject); });
  await next<'ready'>();
  console.log(`verify: database ${backend.name}, counters ${redisUrl ? 'Redis' : 'memory'}; ${SECONDS} s rounds, ${CONCURRENCY} concurrent clients in a worker thread`);
  const profiler = process.env.BENCH_PROFILE_DIR ? new (await import('node:inspector/promises')).Session() : null;
  if (profiler) { profiler.connect(); await profiler.post('Profiler.enable'); await profiler.post('Profiler.start'); }
  const before = performance.eventLoopUtilization();
  clients.postMessage('throughput');
  const run = await next<{ n: number; seconds: number }>();
  const busy = performance.eventLoopUtilization(before);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(process.env.BENCH_PROFILE_DIR!, { recursive: true });
    writeFileSync(`${process.env.BENCH_PROFILE_DIR}/verify-service.cpuprofile`, JSON.stringify(profile));
  }
  const http = run.n / run.seconds;
  const perCore = run.n / (busy.active / 1000);
  const ref = reference();
  console.log(`handle verifications through HTTP: ${http.toFixed(0)}/s (service event loop busy ${(100 * busy.utilization).toFixed(0)}%)`);
  console.log(`service cost: ${((1000 * busy.active) / run.n).toFixed(0)} µs of one core per verification = ${perCore.toFixed(0)} verifications/s per core`);
  console.log(`reference, ${SIGNATURE_CHECKS} raw SM2 verifications each: ${ref.toFixed(0)}/s on one core`);
  console.log(`ratio: ${(perCore / ref).toFixed(2)} (target ≥ 0.7)`);
  clients.postMessage('load');
  const load = await next<LoadResult>();
  console.log(`fixed load ${OFFERED_RPS} req/s for ${LOAD_SECONDS} s: p50 ${load.p50.toFixed(1)} ms, p99 ${load.p99.toFixed(1)} ms, max ${load.max.toFixed(1)} ms, errors ${load.errors} (target p99 < 50 ms)`);
  await clients.terminate();
  await new Promise((r) => server.close(r));
  if ('close' in counters) await (counters as { close(): Promise<void> }).close();
  await v.cleanup();
  process.exit(0);
}
