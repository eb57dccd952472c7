// OpenID provider throughput beside its floor, printed in one run. Ours: `yinxin start` as in
// production (its Express app, its Redis adapter, its audit, the access log at info, MariaDB when
// BENCH_MYSQL_URL or TEST_MYSQL_URL is given). The reference: a bare oidc-provider on node:http
// with the library's example Redis adapter on the same Redis (bench/support/bare-provider.ts).
//  1. client-credentials token requests (target: ours >= 0.8 of the reference);
//  2. complete password logins: authorize -> login form -> login (argon2id, same library and
//     parameters on both sides) -> first-party consent -> code -> token (target >= 0.8).
// Each flow runs in alternating short rounds (BENCH_ROUNDS pairs, default 4, of BENCH_SECONDS
// each, default 2) at the same concurrency, so a burst of other load on a shared machine hits both
// alike; a ratio is the median of the per-pair ratios. Beside throughput: the server's CPU per
// request (from /proc; the load generator in this process is not counted), which a busy machine
// blurs less, and per CPU-second beside Keycloak's published sizing.
// Redis: BENCH_REDIS_URL or TEST_REDIS_URL (required). BENCH_PROFILE_DIR: CPU profiles of both
// servers. BENCH_ONLY=cc or BENCH_ONLY=login: one flow only.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Argon2Hasher } from '../src/adapters/passwords/argon2-hasher.ts';
import {
  PASSWORD, REDIRECT, ccRequest, cleanupDir, freePort, freshDatabase, mysqlUrl, passwordLogin, redisUrl, round, serviceEnv, setUp,
  startNode, startYinxin, summary, tempDir, waitReady,
} from './support/service.ts';
import type { Round } from './support/service.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CC_CONCURRENCY = 16;
const LOGIN_CONCURRENCY = 8;
const ONLY = process.env.BENCH_ONLY;
const KEYCLOAK = { loginsPerVcpu: 15, ccPerVcpu: 120 };

if (!redisUrl) {
  console.log('oidc: skipped: needs Redis (BENCH_REDIS_URL or TEST_REDIS_URL), which both sides share');
  process.exit(0);
}
const dir = tempDir('oidc');
const db = await freshDatabase(dir);
const [port, barePort] = [await freePort(), await freePort()];
const env = serviceEnv(dir, db.url, `http://127.0.0.1:${port}`, redisUrl);
const world = await setUp(env, { accounts: LOGIN_CONCURRENCY, licence: false });
const hasher = new Argon2Hasher();
const accounts: Record<string, string> = {};
for (const login of world.logins) accounts[login] = await hasher.hash(PASSWORD);
const bareSecret = randomBytes(32).toString('base64url');
const bareConfig = { port: barePort, redisUrl, prefix: `yinxin-bench-bare:${randomBytes(4).toString('hex')}:`, ccSecret: bareSecret, redirect: REDIRECT, accounts };

console.log(`oidc: ${ROUNDS} alternating pairs of ${SECONDS} s rounds, medians; database ${mysqlUrl ? 'MariaDB' : 'SQLite'}, Redis for both; ` +
  `libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4} in both servers`);
const ours = await startYinxin(env, port, 'oidc-yinxin');
const bare = startNode([fileURLToPath(new URL('./support/bare-provider.ts', import.meta.url))], { BARE_CONFIG: JSON.stringify(bareConfig) }, 'oidc-bare');
try {
  const bareUrl = `http://127.0.0.1:${barePort}`;
  await waitReady(`${bareUrl}/oidc/.well-known/openid-configuration`, bare);
  const [ourPid, barePid] = [ours.child.pid as number, bare.child.pid as number];
  const ccOurs = () => ccRequest(ours.url, world.cc.clientId, world.cc.secret, `${ours.url}/api`);
  const ccBare = () => ccRequest(bareUrl, 'cc', bareSecret, `${bareUrl}/api`);
  let n = 0;
  const loginOurs = () => passwordLogin([ours.url], world.webId, world.logins[n++ % world.logins.length] as string, PASSWORD);
  const loginBare = () => passwordLogin([bareUrl], 'web', world.logins[n++ % world.logins.length] as string, PASSWORD);

  // Warm up both (JIT, pools, caches), and fail early if a flow does not work.
  await ccOurs(); await ccBare(); await loginOurs(); await loginBare();
  await round([ourPid], 4, 1, ccOurs);
  await round([barePid], 4, 1, ccBare);
  await round([ourPid], 4, 1, loginOurs);
  await round([barePid], 4, 1, loginBare);

  const r = { ccOurs: [] as Round[], ccBare: [] as Round[], loginOurs: [] as Round[], loginBare: [] as Round[] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which side goes first too.
    const first = i % 2 === 0;
    if (ONLY !== 'login') {
      if (first) r.ccOurs.push(await round([ourPid], CC_CONCURRENCY, SECONDS, ccOurs));
      r.ccBare.push(await round([barePid], CC_CONCURRENCY, SECONDS, ccBare));
      if (!first) r.ccOurs.push(await round([ourPid], CC_CONCURRENCY, SECONDS, ccOurs));
    }
    if (ONLY !== 'cc') {
      if (first) r.loginOurs.push(await round([ourPid], LOGIN_CONCURRENCY, SECONDS, loginOurs));
      r.loginBare.push(await round([barePid], LOGIN_CONCURRENCY, SECONDS, loginBare));
      if (!first) r.loginOurs.push(await round([ourPid], LOGIN_CONCURRENCY, SECONDS, loginOurs));
    }
  }
  const f = (x: number, w = 7) => x.toFixed(x < 100 ? 1 : 0).padStart(w);
  const show = (title: string, rs: Round[], refs: Round[], perVcpu: number) => {
    if (!rs.length) return;
    const s = summary(rs, refs);
    console.log(`\n${title}`);
    console.log(`   reference (bare oidc-provider + example Redis adapter) ${f(s.ref.perSecond)} /s   server CPU ${s.ref.cpuMs.toFixed(2)} ms per request (event loop ${s.ref.mainMs.toFixed(2)})   failed ${s.ref.failed}`);
    console.log(`   yinxin (Express app, Redis adapter, audit, access log)  ${f(s.ours.perSecond)} /s   server CPU ${s.ours.cpuMs.toFixed(2)} ms per request (event loop ${s.ours.mainMs.toFixed(2)})   failed ${s.ours.failed}`);
    console.log(`   ratio ${s.ratio.toFixed(2)} (target >= 0.80; per pair ${s.pairs}); by server CPU per request ${s.cpuRatio.toFixed(2)}`);
    console.log(`   per CPU-second: yinxin ${f(1000 / s.ours.cpuMs)}, reference ${f(1000 / s.ref.cpuMs)}, Keycloak's sizing guide ${perVcpu} per vCPU`);
  };
  show('1. client-credentials token requests', r.ccOurs, r.ccBare, KEYCLOAK.ccPerVcpu);
  show('2. password logins (authorize -> login -> consent -> code -> token)', r.loginOurs, r.loginBare, KEYCLOAK.loginsPerVcpu);
} finally {
  await Promise.all([ours.stop(), bare.stop()]);
  await db.drop();
  cleanupDir(dir);
}
process.exit(0);
