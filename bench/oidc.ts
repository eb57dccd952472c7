// OpenID provider throughput, printed in one run:
//  1. client-credentials token requests per second through yinxin (a service process with Redis,
//     or with its embedded store when no Redis is given) beside a bare oidc-provider with its
//     in-memory adapter in another process on the same machine, and the ratio (target >= 0.8);
//  2. complete password logins per second (authorize -> login form -> consent -> code -> token,
//     no browser) beside raw argon2id verifications per second with the same parameters, and the
//     ratio (target >= 0.8: everything but the password hash costs under a fifth);
//  3. per-core figures (requests per CPU-second of the server process, from /proc) beside
//     Keycloak's published sizing: 15 password logins and 120 client-credentials grants per
//     second per vCPU.
// Fairness: each figure and its reference run in alternating short rounds (BENCH_ROUNDS pairs,
// default 5, of BENCH_SECONDS each, default 2) at the same concurrency, so a burst of other load
// on a shared machine hits both sides alike; a ratio is the median of the per-pair ratios. Both
// argon2id sides run on a libuv threadpool of the same size (UV_THREADPOOL_SIZE, inherited).
// Redis: BENCH_REDIS_URL or TEST_REDIS_URL.
// BENCH_PROFILE_DIR: write a V8 CPU profile of the service process there (read it with DevTools).
// BENCH_ONLY=cc or BENCH_ONLY=login: run one part only (to profile it alone).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify } from '@node-rs/argon2';
import Provider from 'oidc-provider';
import { loadConfig } from '../src/config/load.ts';
import { createContainer } from '../src/container.ts';
import { Argon2Hasher } from '../src/adapters/passwords/argon2-hasher.ts';
import { registerApp } from '../src/services/apps/register-app.ts';
import { createAccount } from '../src/services/identity/create-account.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CC_CONCURRENCY = 16;
const LOGIN_CONCURRENCY = 8;
const KEYCLOAK = { loginsPerVcpu: 15, ccPerVcpu: 120 };
const REDIRECT = 'https://app.example.gov.cn/cb';
const SELF = fileURLToPath(import.meta.url);
const ONLY = process.env.BENCH_ONLY;
const NONE: Rate = { perSecond: NaN, perCpuSecond: null };

/** The bare provider, run as a child process: `node bench/oidc.ts --bare <port> <secret>`. */
async function bareProvider(): Promise<void> {
  const [port, secret] = [Number(process.argv[3]), process.argv[4] as string];
  const issuer = `http://127.0.0.1:${port}/oidc`;
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'bench', client_secret: secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'licences', id_token_signed_response_alg: 'ES256' }],
    jwks: { keys: [{ ...jwk, kid: 'k1', alg: 'ES256', use: 'sig' } as never] },
    scopes: ['licences'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true, defaultResource: () => undefined, useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'licences', audience: `http://127.0.0.1:${port}/api`, accessTokenFormat: 'opaque', accessTokenTTL: 600 }),
      },
    },
  });
  const { createServer: http } = await import('node:http');
  const handler = provider.callback();
  http((req, res) => {
    // Mounted under /oidc like yinxin's.
    if (req.url?.startsWith('/oidc')) req.url = req.url.slice(5) || '/';
    handler(req, res);
  }).listen(port, '127.0.0.1', () => console.log('ready'));
  // Exit through process.exit so that a CPU profile (BENCH_PROFILE_DIR) is written.
  process.once('SIGTERM', () => process.exit(0));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds a process has used so far (user + system), from /proc; null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready: ${url}\n${log()}`);
}

function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; log: () => string } {
  let out = '';
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? [`--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, '--cpu-prof'] : []), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  return { child, log: () => out };
}

interface Rate { perSecond: number; perCpuSecond: number | null }

/** Run `task` with `concurrency` workers for SECONDS; count completions; CPU of process `pid`. */
async function measure(pid: number, concurrency: number, task: () => Promise<void>): Promise<Rate> {
  const cpu0 = cpuSeconds(pid);
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await task();
      done++;
    }
  }));
  const wall = (performance.now() - start) / 1000;
  const cpu1 = cpuSeconds(pid);
  return { perSecond: done / wall, perCpuSecond: cpu0 !== null && cpu1 !== null && cpu1 > cpu0 ? done / (cpu1 - cpu0) : null };
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number : NaN);
const medianRate = (rs: Rate[]): Rate => ({
  perSecond: median(rs.map((r) => r.perSecond)),
  perCpuSecond: rs.every((r) => r.perCpuSecond !== null) ? median(rs.map((r) => r.perCpuSecond as number)) : null,
});

/** A client-credentials token request; throws unless a token comes back. */
async function ccRequest(tokenUrl: string, clientId: string, secret: string, resource: string): Promise<void> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'licences', resource }).toString(),
  });
  const body = await res.json() as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${res.status} ${JSON.stringify(body)}`);
}

/** One complete password login without a browser: authorize, login form, code, token. */
async function passwordLogin(base: string, clientId: string, login: string, password: string): Promise<void> {
  const cookies = new Map<string, string>();
  const request = async (url: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      cookies.set((pair as string).slice(0, eq), (pair as string).slice(eq + 1));
    }
    return res;
  };
  const follow = async (url: string, form?: Record<string, string>) => {
    let res = await request(url, form);
    let current = url;
    while (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      current = new URL(res.headers.get('location') as string, current).href;
      if (current.startsWith(REDIRECT)) return { res, url: current };
      res = await request(current);
    }
    return { res, url: current };
  };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = (await import('node:crypto')).createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${base}/oidc/auth`);
  auth.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 's' }).toString();
  const page = await follow(auth.href);
  const html = await page.res.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] as string;
  const done = await follow(`${page.url}/login`, { csrf, login, password });
  const code = new URL(done.url).searchParams.get('code');
  if (!code) throw new Error(`login did not reach the app: ${done.url} ${done.res.status}`);
  const token = await fetch(`${base}/oidc/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }).toString(),
  });
  const body = await token.json() as { id_token?: string };
  if (!body.id_token) throw new Error(`no ID token: ${JSON.stringify(body)}`);
}

function residentId(seq: number): string {
  const first = `11010519900307${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * (weights[i] as number);
  return first + ('10X98765432'[sum % 11] as string);
}

async function main(): Promise<void> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-bench-oidc-'));
  const [port, barePort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), DATABASE_URL: `sqlite:${join(dir, 'yinxin.db')}`,
    PUBLIC_URL: base, SESSION_SECRET: randomBytes(32).toString('base64url'), KEK: `k1:${randomBytes(32).toString('base64')}`,
    MIGRATE_ON_START: 'true', LOG_LEVEL: 'warn', AUDIT_CHECKPOINT_INTERVAL_S: '0',
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `yinxin-bench:${randomBytes(4).toString('hex')}:` } : {}),
  };
  console.log(`oidc: ${ROUNDS} interleaved pairs of ${SECONDS} s rounds, medians; ${availableParallelism()} CPUs; libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4} in every process`);
  console.log(redisUrl ? 'store: Redis (REDIS_URL), database: SQLite file' : 'store: no Redis given (BENCH_REDIS_URL / TEST_REDIS_URL): the embedded SQL store in the SQLite file');

  // Set-up as an operator would: keys, one system app, one web app, accounts.
  const c = await createContainer(loadConfig(env), { background: false });
  const system = { id: 'system:bench', kind: 'system' as const };
  const password = 'bench passphrase 1';
  let cc: { clientId: string; secret: string };
  let webId: string;
  const logins: string[] = [];
  try {
    await c.initKeys(system);
    const deps = { apps: c.apps, audit: c.audit, clock: c.clock };
    const app = await registerApp(deps, { name: '证照系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [], grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false }, system);
    cc = { clientId: app.clientId, secret: app.clientSecret as string };
    webId = (await registerApp(deps, { name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false }, system)).clientId;
    for (let i = 0; i < LOGIN_CONCURRENCY; i++) {
      const idNumber = residentId(100 + i);
      await createAccount(c.identity, { kind: 'citizen', name: `用户${i}`, idNumber, phone: null, assurance: 'L2', password }, system);
      logins.push(idNumber);
    }
  } finally {
    await c.close();
  }

  const bareSecret = randomBytes(32).toString('base64url');
  const svc = startChild([fileURLToPath(new URL('../src/cli/yinxin.ts', import.meta.url)), 'start'], { ...env, PORT: String(port) });
  const bare = startChild([SELF, '--bare', String(barePort), bareSecret], {});
  try {
    await waitReady(`${base}/readyz`, svc.child, svc.log);
    await waitReady(`http://127.0.0.1:${barePort}/oidc/.well-known/openid-configuration`, bare.child, bare.log);
    const ours = () => ccRequest(`${base}/oidc/token`, cc.clientId, cc.secret, `${base}/api`);
    const theirs = () => ccRequest(`http://127.0.0.1:${barePort}/oidc/token`, 'bench', bareSecret, `http://127.0.0.1:${barePort}/api`);
    let n = 0;
    const login = () => passwordLogin(base, webId, logins[n++ % logins.length] as string, password);

    // Warm up both servers (JIT, connection pools, the dummy hash).
    await measure(svc.child.pid as number, 4, ours);
    await measure(bare.child.pid as number, 4, theirs);
    await login();

    const yx: Rate[] = [];
    const bp: Rate[] = [];
    const lg: Rate[] = [];
    const ar: Rate[] = [];
    const stored = await new Argon2Hasher().hash(password);
    for (let r = 0; r < ROUNDS; r++) {
      if (ONLY !== 'login') {
        yx.push(await measure(svc.child.pid as number, CC_CONCURRENCY, ours));
        bp.push(await measure(bare.child.pid as number, CC_CONCURRENCY, theirs));
      }
      if (ONLY !== 'cc') {
        lg.push(await measure(svc.child.pid as number, LOGIN_CONCURRENCY, login));
        // Raw argon2id verifications, same parameters and concurrency, in this process.
        ar.push(await measure(process.pid, LOGIN_CONCURRENCY, async () => { if (!(await verify(stored, password))) throw new Error('verify'); }));
      }
    }
    const y = yx.length ? medianRate(yx) : NONE;
    const b = bp.length ? medianRate(bp) : NONE;
    const l = lg.length ? medianRate(lg) : NONE;
    const ah = ar.length ? medianRate(ar) : NONE;
    const a = ah.perSecond;
    // The median of the per-pair ratios: each pair ran back to back under the same conditions.
    const pairRatio = (xs: Rate[], ys: Rate[]) => median(xs.map((x, i) => x.perSecond / (ys[i] as Rate).perSecond));
    const spread = (xs: Rate[], ys: Rate[]) => xs.map((x, i) => (x.perSecond / (ys[i] as Rate).perSecond).toFixed(2)).join(' ');
    const f = (x: number | null, w = 7) => (x === null ? 'n/a'.padStart(w) : x.toFixed(x < 100 ? 1 : 0).padStart(w));
    console.log('\n1. client-credentials token requests');
    console.log(`   yinxin (${redisUrl ? 'Redis' : 'embedded store'})     ${f(y.perSecond)} /s   ${f(y.perCpuSecond)} per CPU-second`);
    console.log(`   bare oidc-provider (memory) ${f(b.perSecond)} /s   ${f(b.perCpuSecond)} per CPU-second`);
    console.log(`   ratio ${pairRatio(yx, bp).toFixed(2)}  (target >= 0.80; per pair: ${spread(yx, bp)})`);
    console.log('\n2. password logins (authorize -> login -> consent -> code -> token)');
    console.log(`   yinxin logins               ${f(l.perSecond)} /s   ${f(l.perCpuSecond)} per CPU-second`);
    console.log(`   raw argon2id verifications  ${f(a)} /s   (m=19456 KiB, t=2, p=1; ${LOGIN_CONCURRENCY} at a time)`);
    console.log(`   ratio ${pairRatio(lg, ar).toFixed(2)}  (target >= 0.80; per pair: ${spread(lg, ar)})`);
    // The same question by CPU time, which the load generator sharing the machine does not blur.
    if (l.perCpuSecond !== null && ah.perCpuSecond !== null) {
      const [login, hash] = [1000 / l.perCpuSecond, 1000 / ah.perCpuSecond];
      console.log(`   server CPU per login ${login.toFixed(1)} ms, one argon2id verification ${hash.toFixed(1)} ms: the rest is ${((login - hash) / login * 100).toFixed(0)}% (target under 20%)`);
    }
    console.log('\n3. per core, beside Keycloak\'s published sizing (per vCPU)');
    console.log(`   client-credentials grants   yinxin ${f(y.perCpuSecond)}   Keycloak ${f(KEYCLOAK.ccPerVcpu)}`);
    console.log(`   password logins             yinxin ${f(l.perCpuSecond)}   Keycloak ${f(KEYCLOAK.loginsPerVcpu)}`);
    console.log('   (per CPU-second of the server process, load generator excluded; Keycloak: its documented sizing guide)');
  } finally {
    for (const p of [svc, bare]) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.all([svc, bare].map((p) => new Promise((r) => (p.child.exitCode !== null ? r(null) : p.child.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--bare') await bareProvider();
else await main();
