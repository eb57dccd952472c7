// The floor under any HTTP endpoint on this machine: what the service thread spends per request
// answering a fixed 4.3 kB JSON body (the size of a verification answer) with bare node:http,
// with Express and one route, and with the service's app (request id, access log, metrics,
// security headers), beside the per-request budget the verification target leaves (bench/verify:
// ratio 0.7 against 4 raw SM2 verifications). With BENCH_MYSQL_URL it also times one MariaDB
// round trip through the service's SQL client (knex and mysql2) per request.
// As in bench/verify, the clients run in a worker thread and the cost is the service thread's
// event-loop busy time per request.
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 8;
const BODY = JSON.stringify({ verdict: { result: 'VALID' }, padding: 'x'.repeat(4300) });

async function clients(url: string): Promise<void> {
  const once = async () => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (((await res.json()) as { verdict: { result: string } }).verdict.result !== 'VALID') throw new Error('unexpected answer');
  };
  for (let i = 0; i < 200; i++) await once();
  parentPort!.postMessage('ready');
  await new Promise((r) => parentPort!.once('message', r));
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (performance.now() < end) { await once(); n++; } }));
  parentPort!.postMessage(n);
}

if (!isMainThread) {
  await clients((workerData as { url: string }).url);
} else {
  const { pino } = await import('pino');
  const express = (await import('express')).default;
  const { createApp } = await import('../src/http/app.ts');
  const { generateKeyPair, sign, verify } = await import('../src/crypto/sm2.ts');

  /** Service-thread microseconds per request for `listener`. */
  async function cost(listener: Parameters<typeof createServer>[1]): Promise<number> {
    const server = await new Promise<Server>((resolve) => { const s = createServer(listener).listen(0, '127.0.0.1', () => resolve(s)); });
    const worker = new Worker(new URL(import.meta.url), { workerData: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x` } });
    const next = <T>() => new Promise<T>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    await next<'ready'>();
    const before = performance.eventLoopUtilization();
    worker.postMessage('go');
    const n = await next<number>();
    const busy = performance.eventLoopUtilization(before);
    await worker.terminate();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    return (1000 * busy.active) / n;
  }

  const route = express.Router();
  const knex = process.env.BENCH_MYSQL_URL ? (await import('../src/adapters/sql/connect.ts')).connectSql(process.env.BENCH_MYSQL_URL, { log: () => undefined }) : null;
  route.get('/x', async (_req, res) => {
    if (knex !== null) await knex.raw('select 1');
    res.type('json').send(BODY);
  });
  const withApp = createApp({ logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false, routers: [route] });
  const bare = (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  };

  const { privateKey, publicKey } = generateKeyPair();
  const msg = new TextEncoder().encode('reference');
  const sig = sign(privateKey, msg);
  let refs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) { for (let i = 0; i < 4; i++) verify(publicKey, msg, sig); refs++; }
  const reference = refs / ((performance.now() - t0) / 1000);
  const budget = 1e6 / (0.7 * reference);

  console.log(`http floor: service-thread µs per request, ${CONCURRENCY} clients in a worker thread, ${SECONDS} s each`);
  if (knex === null) {
    const plainExpress = express();
    plainExpress.get('/x', (_req, res) => { res.type('json').send(BODY); });
    console.log(`bare node:http                       ${(await cost(bare)).toFixed(0)} µs`);
    console.log(`Express, one route                   ${(await cost(plainExpress)).toFixed(0)} µs`);
    console.log(`service app (all middleware)         ${(await cost(withApp)).toFixed(0)} µs`);
  } else {
    console.log(`service app + one MariaDB round trip ${(await cost(withApp)).toFixed(0)} µs`);
    await knex.destroy();
  }
  console.log(`budget per verification at ratio 0.7: ${budget.toFixed(0)} µs (reference ${reference.toFixed(0)} verifications of 4 SM2 signatures/s)`);
  process.exit(0);
}
