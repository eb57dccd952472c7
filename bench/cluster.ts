// Two yinxin instances behind one public URL, on a Redis Cluster (three masters, started here with
// scripts/redis-cluster.sh on BENCH_CLUSTER_PORT.., default 7401) and one MariaDB database, beside
// one instance on a single Redis and the same database. All three run at once and the two set-ups
// take alternating rounds (BENCH_ROUNDS pairs, default 4, of BENCH_SECONDS, default 3) of the
// same mixed load: 8 clients, each alternating a client-credentials token request and a public
// licence check by handle; on the pair, client i uses instance i mod 2. Prints requests per second
// and server CPU per request (every instance, from /proc) of each and their ratios, the failed
// requests (target 0), and complete password logins whose steps alternate between the two
// instances (the interaction started on one continues on the other, the code one issues is
// redeemed at the other; target: all complete).
// MariaDB: BENCH_MYSQL_URL or TEST_MYSQL_URL; Redis: BENCH_REDIS_URL or TEST_REDIS_URL (required);
// redis-server and redis-cli on the PATH for the cluster.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  PASSWORD, ccRequest, checkLicence, cleanupDir, freePort, freshDatabase, mysqlUrl, passwordLogin, redisUrl, round, serviceEnv, setUp,
  startYinxin, summary, tempDir,
} from './support/service.ts';
import type { Round, Running } from './support/service.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONCURRENCY = 8;
const LOGINS = 12;
const CLUSTER_PORT = Number(process.env.BENCH_CLUSTER_PORT ?? 7401);
const SCRIPT = fileURLToPath(new URL('../scripts/redis-cluster.sh', import.meta.url));

if (!mysqlUrl || !redisUrl) {
  console.log('cluster: skipped: needs MariaDB (BENCH_MYSQL_URL or TEST_MYSQL_URL) and Redis (BENCH_REDIS_URL or TEST_REDIS_URL)');
  process.exit(0);
}
if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.log('cluster: skipped: redis-server is not on the PATH (scripts/redis-cluster.sh needs it)');
  process.exit(0);
}
const dir = tempDir('cluster');
const clusterDir = `${dir}/redis-cluster`;
const started = spawnSync(SCRIPT, ['start', clusterDir, String(CLUSTER_PORT)], { encoding: 'utf8' });
if (started.status !== 0) throw new Error(`the Redis Cluster did not start: ${started.stderr}`);
const clusterUrl = `redis://${started.stdout.trim()}`;
const db = await freshDatabase(dir);
const running: Running[] = [];
try {
  const [singlePort, aPort, bPort] = [await freePort(), await freePort(), await freePort()];
  // One deployment's settings (keys, KEK, session secret, database); the pair shares a public URL.
  const base = serviceEnv(dir, db.url, `http://127.0.0.1:${aPort}`, undefined);
  const world = await setUp(base, { accounts: 4, licence: true });
  const single = await startYinxin({ ...base, PUBLIC_URL: `http://127.0.0.1:${singlePort}`, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `yinxin-bench:${randomBytes(4).toString('hex')}:` }, singlePort, 'cluster-single');
  running.push(single);
  const pairEnv = { ...base, REDIS_URL: clusterUrl, REDIS_KEY_PREFIX: `yinxin-bench:${randomBytes(4).toString('hex')}:` };
  const a = await startYinxin(pairEnv, aPort, 'cluster-a');
  running.push(a);
  const b = await startYinxin(pairEnv, bPort, 'cluster-b');
  running.push(b);
  const publicA = `http://127.0.0.1:${aPort}`;
  console.log(`cluster: 2 instances on a Redis Cluster of 3 masters + MariaDB vs 1 instance on one Redis + MariaDB; ${ROUNDS} alternating pairs of ${SECONDS} s rounds, ` +
    `${CONCURRENCY} clients, each alternating a client-credentials token and a licence check`);

  let k = 0;
  const mixed = (instances: string[], resource: string) => () => {
    const i = k++;
    const url = instances[i % instances.length] as string;
    return (Math.floor(i / instances.length) % 2 === 0)
      ? ccRequest(url, world.cc.clientId, world.cc.secret, `${resource}/api`)
      : checkLicence(url, world.handle as string);
  };
  const onSingle = mixed([single.url], single.url);
  const onPair = mixed([a.url, b.url], publicA);
  const singlePids = [single.child.pid as number];
  const pairPids = [a.child.pid as number, b.child.pid as number];
  await round(singlePids, 4, 1, onSingle);
  await round(pairPids, 4, 1, onPair);
  const s: Round[] = [];
  const p: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) p.push(await round(pairPids, CONCURRENCY, SECONDS, onPair));
    s.push(await round(singlePids, CONCURRENCY, SECONDS, onSingle));
    if (i % 2 === 1) p.push(await round(pairPids, CONCURRENCY, SECONDS, onPair));
  }
  const r = summary(p, s);
  console.log(`   1 instance, single Redis          ${r.ref.perSecond.toFixed(0).padStart(5)} req/s   server CPU ${r.ref.cpuMs.toFixed(2)} ms per request   failed ${r.ref.failed} of ${s.reduce((n, x) => n + x.done + x.failed, 0)}`);
  console.log(`   2 instances, Redis Cluster (3)    ${r.ours.perSecond.toFixed(0).padStart(5)} req/s   server CPU ${r.ours.cpuMs.toFixed(2)} ms per request   failed ${r.ours.failed} of ${p.reduce((n, x) => n + x.done + x.failed, 0)}`);
  console.log(`   throughput 2 / 1: ${r.ratio.toFixed(2)} (per pair ${r.pairs}); CPU per request 2 / 1: ${(1 / r.cpuRatio).toFixed(2)} (on a machine of ${(await import('node:os')).availableParallelism()} cores shared with the load generator)`);

  // Sign-ins whose every request goes to the other instance than the one before.
  let completed = 0;
  const errors: string[] = [];
  await Promise.all(Array.from({ length: 4 }, async (_, c) => {
    for (let i = c; i < LOGINS; i += 4) {
      const order = i % 2 === 0 ? [a.url, b.url] : [b.url, a.url];
      try {
        // Each request goes to the next instance (the service names itself by its public URL).
        await passwordLogin(order, world.webId, world.logins[c] as string, PASSWORD);
        completed++;
      } catch (err) {
        errors.push(String(err).slice(0, 200));
      }
    }
  }));
  console.log(`   password logins with every step on the other instance: ${completed} of ${LOGINS} completed${errors.length ? `; first failure: ${errors[0]}` : ''}`);
  const failed = r.ours.failed + r.ref.failed + (LOGINS - completed);
  console.log(`   ${failed === 0 ? 'target met' : 'target NOT met'}: ${failed} failed requests or sign-ins`);
} finally {
  await Promise.all(running.map((x) => x.stop()));
  spawnSync(SCRIPT, ['stop', clusterDir, String(CLUSTER_PORT)]);
  await db.drop();
  cleanupDir(dir);
}
process.exit(0);
