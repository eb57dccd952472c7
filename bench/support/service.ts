// What the benchmarks share: starting `yinxin start` processes on a fresh MariaDB database (SQLite
// when no MariaDB is given) and Redis, setting up apps, accounts and a licence the way an operator
// would, the HTTP clients of each flow (client credentials, a complete password login, a licence
// check by handle), and measuring rounds: requests per second and the CPU seconds /proc counts
// for the server processes in the same round.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REDIRECT = 'https://app.example.gov.cn/cb';
export const PASSWORD = 'bench passphrase 1';
const CLI = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

export const mysqlUrl = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL;
export const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) of a process, or of one of its threads with `/task/<tid>`, so far. */
function cpuOf(path: string): number {
  try {
    const fields = readFileSync(`/proc/${path}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process's main thread (its event loop; not the threadpool, GC helpers or workers). */
export function mainThreadCpuSeconds(pid: number): number {
  return cpuOf(`${pid}/task/${pid}`);
}

/** CPU seconds (user + system) a process and its children (cluster workers) have used so far. */
export function cpuSeconds(pid: number): number {
  const one = (p: number) => cpuOf(String(p));
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').map(Number).filter((n) => n > 0);
  return one(pid) + children.reduce((sum, c) => sum + one(c), 0);
}

/** A fresh database: a new MariaDB database when one is given, else a SQLite file in `dir`. */
export async function freshDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!mysqlUrl) return { url: `sqlite:${join(dir, 'yinxin.db')}`, drop: async () => undefined };
  const { connectSql } = await import('../../src/adapters/sql/connect.ts');
  const name = `yinxin_bench_${randomBytes(5).toString('hex')}`;
  const admin = connectSql(mysqlUrl, { poolMax: 1 });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.destroy();
  const u = new URL(mysqlUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const k = connectSql(mysqlUrl, { poolMax: 1 });
      await k.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await k.destroy();
    },
  };
}

/** The environment of a production-like yinxin: its own keys and data, the given database and Redis. */
export function serviceEnv(dir: string, databaseUrl: string, publicUrl: string, redis: string | undefined): Record<string, string> {
  return {
    // Development mode (production also wants an SMS gateway) with production's stores and log level.
    WORKERS: '1', DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), DATABASE_URL: databaseUrl,
    PUBLIC_URL: publicUrl, SESSION_SECRET: randomBytes(32).toString('base64url'), KEK: `k1:${randomBytes(32).toString('base64')}`,
    MIGRATE_ON_START: 'true', LOG_LEVEL: 'info', TRUST_PROXY: 'true', AUDIT_CHECKPOINT_INTERVAL_S: '0',
    ...(redis ? { REDIS_URL: redis, REDIS_KEY_PREFIX: `yinxin-bench:${randomBytes(4).toString('hex')}:` } : {}),
  };
}

export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `yinxin-bench-${name}-`));
}

export interface Running { url: string; child: ChildProcess; log(): string; stop(): Promise<void> }

/**
 * Start a node process (a script and its arguments). Its output goes to a file, as a production
 * log would: a pipe to this process, busy generating load, would fill and block a service that
 * logs synchronously.
 */
export function startNode(args: string[], env: Record<string, string>, profileName?: string): { child: ChildProcess; log(): string; stop(): Promise<void> } {
  const logFile = join(mkdtempSync(join(tmpdir(), 'yinxin-bench-log-')), 'out.log');
  const fd = openSync(logFile, 'a');
  const prof = process.env.BENCH_PROFILE_DIR && profileName ? [`--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${profileName}.cpuprofile`, '--cpu-prof'] : [];
  const child = spawn(process.execPath, [...prof, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    log: () => readFileSync(logFile, 'utf8'),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dirname(logFile), { recursive: true, force: true });
    },
  };
}

export async function waitReady(url: string, p: { child: ChildProcess; log(): string }): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (p.child.exitCode !== null) break;
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready: ${url}\n${p.log().slice(-3000)}`);
}

/** `yinxin start` on `port` with `env`. */
export async function startYinxin(env: Record<string, string>, port: number, profileName?: string): Promise<Running> {
  const p = startNode([CLI, 'start'], { ...env, PORT: String(port) }, profileName);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/readyz`, p);
  return { url, ...p };
}

export function residentId(seq: number): string {
  const first = `11010519900307${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * (weights[i] as number);
  return first + ('10X98765432'[sum % 11] as string);
}

export interface World {
  cc: { clientId: string; secret: string };
  webId: string;
  logins: string[];
  /** The handle of an issued business licence (with `licence: true`). */
  handle: string | null;
}

/**
 * As an operator would, before the service starts: platform keys, a system app for client
 * credentials, a first-party web app, `accounts` citizens with PASSWORD and, with `licence`, a
 * department with a licence seal and one issued business licence.
 */
export async function setUp(env: Record<string, string>, opts: { accounts: number; licence: boolean }): Promise<World> {
  const { loadConfig } = await import('../../src/config/load.ts');
  const { createContainer } = await import('../../src/container.ts');
  const { registerApp } = await import('../../src/services/apps/register-app.ts');
  const { createAccount } = await import('../../src/services/identity/create-account.ts');
  const { issueLicence } = await import('../../src/services/licences/issue-licence.ts');
  const c = await createContainer({ ...loadConfig(env), logLevel: 'warn' }, { background: false });
  const system = { id: 'system:bench', kind: 'system' as const };
  try {
    await c.initKeys(system);
    const deps = { apps: c.apps, audit: c.audit, clock: c.clock };
    const app = await registerApp(deps, { name: '证照系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [], grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false }, system);
    const webId = (await registerApp(deps, { name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false }, system)).clientId;
    const logins: string[] = [];
    for (let i = 0; i < opts.accounts; i++) {
      const idNumber = residentId(100 + i);
      await createAccount(c.identity, { kind: 'citizen', name: `用户${i}`, idNumber, phone: null, assurance: 'L2', password: PASSWORD }, system);
      logins.push(idNumber);
    }
    let handle: string | null = null;
    if (opts.licence) {
      const ISSUER = { code: '11330105002500287C', name: '杭州市西湖区市场监督管理局' };
      await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '杭州市', kind: 'city' });
      await c.identity.accounts.addDepartment({ id: 'amr', parentId: 'city', name: ISSUER.name, kind: 'bureau', creditCode: ISSUER.code });
      const staff = (name: string, staffNumber: string, departmentId: string, roles: ('licence_issuer' | 'seal_keeper' | 'seal_approver')[]) =>
        createAccount(c.identity, { kind: 'staff', name, staffNumber, departmentId, roles, password: PASSWORD }, system);
      const issuer = await staff('钱发证', 'L001', 'amr', ['licence_issuer']);
      const keeper = await staff('王保管', 'K001', 'amr', ['seal_keeper']);
      const approver = await staff('赵审批', 'P001', 'city', ['seal_approver']);
      const applied = await c.seals.apply({ kind: 'licence', owner: { kind: 'department', id: 'amr' } }, { accountId: keeper.id });
      await c.seals.approve({ sealId: applied.id, reason: '材料齐全' }, { accountId: approver.id });
      const issued = await issueLicence(c.licences, {
        typeCode: '11100000000013338W011', issuer: ISSUER,
        data: {
          creditCode: '91330100MA2A00001M', name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
          legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
          businessScope: '一般项目：技术服务、技术开发。', address: '浙江省杭州市西湖区文三路100号',
        },
      }, { id: issuer.id, kind: 'staff' });
      handle = issued.licence.handle;
    }
    return { cc: { clientId: app.clientId, secret: app.clientSecret as string }, webId, logins, handle };
  } finally {
    await c.close();
  }
}

/** A client-credentials token request; throws unless a token comes back. */
export async function ccRequest(base: string, clientId: string, secret: string, resource: string): Promise<void> {
  const res = await fetch(`${base}/oidc/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'licences', resource }).toString(),
  });
  const body = await res.json() as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${res.status} ${JSON.stringify(body)}`);
}

/**
 * One complete password login without a browser: authorize, the login form, its post (argon2id),
 * the pre-consented grant, the code, the token. Requests go to `bases` in turn (one server, or
 * each step to the next instance of several behind one public URL).
 */
export async function passwordLogin(bases: string[], clientId: string, login: string, password: string): Promise<void> {
  const cookies = new Map<string, string>();
  let step = 0;
  const at = (url: string) => {
    const u = new URL(url);
    const target = new URL(bases[step++ % bases.length] as string);
    u.protocol = target.protocol;
    u.host = target.host;
    return u.href;
  };
  const request = async (url: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(at(url), { method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
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
  const base = bases[0] as string;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${base}/oidc/auth`);
  auth.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 's' }).toString();
  const page = await follow(auth.href);
  const html = await page.res.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`no login form: ${page.url} ${page.res.status}`);
  const done = await follow(`${page.url}/login`, { csrf, login, password });
  const code = new URL(done.url).searchParams.get('code');
  if (!code) throw new Error(`login did not reach the app: ${done.url} ${done.res.status}`);
  const token = await fetch(at(`${base}/oidc/token`), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }).toString(),
  });
  const body = await token.json() as { id_token?: string };
  if (!body.id_token) throw new Error(`no ID token: ${JSON.stringify(body)}`);
}

let forwarded = 0;
/** A public licence check by handle; each from its own client address (the public limit is per address). */
export async function checkLicence(base: string, handle: string, signal?: AbortSignal): Promise<void> {
  const n = forwarded++;
  const res = await fetch(`${base}/v/${handle}`, { signal, headers: { accept: 'application/json', 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } });
  const body = (await res.json()) as { verdict?: { result?: string } };
  if (body.verdict?.result !== 'VALID') throw new Error(`expected VALID, got ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
}

export interface Round { perSecond: number; cpuMsPerRequest: number; mainMsPerRequest: number; done: number; failed: number }

/** `concurrency` clients run `task` for `seconds`; the CPU of `pids` over the round. */
export async function round(pids: number[], concurrency: number, seconds: number, task: () => Promise<void>): Promise<Round> {
  const cpu = () => pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const main = () => pids.reduce((s, p) => s + mainThreadCpuSeconds(p), 0);
  const cpu0 = cpu();
  const main0 = main();
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  let failed = 0;
  let firstError: unknown = null;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      try {
        await task();
        done++;
      } catch (err) {
        failed++;
        firstError ??= err;
      }
    }
  }));
  const wall = (performance.now() - start) / 1000;
  if (failed && process.env.BENCH_VERBOSE) console.error(firstError);
  return { perSecond: done / wall, cpuMsPerRequest: ((cpu() - cpu0) * 1000) / Math.max(1, done), mainMsPerRequest: ((main() - main0) * 1000) / Math.max(1, done), done, failed };
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] as number : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function side(rs: Round[]) {
  return { perSecond: median(rs.map((r) => r.perSecond)), cpuMs: median(rs.map((r) => r.cpuMsPerRequest)), mainMs: median(rs.map((r) => r.mainMsPerRequest)), failed: rs.reduce((s, r) => s + r.failed, 0) };
}

/** Medians of alternating rounds of ours and the reference, and the median of the per-pair ratios. */
export function summary(ours: Round[], ref: Round[]) {
  const pair = (f: (r: Round) => number, invert = false) => median(ours.map((o, i) => (invert ? f(ref[i] as Round) / f(o) : f(o) / f(ref[i] as Round))));
  return {
    ours: side(ours),
    ref: side(ref),
    ratio: pair((r) => r.perSecond),
    cpuRatio: pair((r) => r.cpuMsPerRequest, true),
    pairs: ours.map((o, i) => (o.perSecond / (ref[i] as Round).perSecond).toFixed(2)).join(' '),
  };
}

export function cleanupDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
