// Several workers on one port: `yinxin start` with WORKERS=1, 2 and 4 on the embedded store
// (SQLite; sessions in Redis with BENCH_REDIS_URL, which may name a Redis Cluster). For each:
// the server's CPU time per request (primary and every worker, from /proc) for a verification
// by QR handle (a register lookup, an audit record and a signed receipt), the requests that
// failed, and whether a sign-in started through one worker continues through the others (each
// step on a fresh connection, which node:cluster hands to the workers in turn).
// Target (issue: all cores): CPU per request with 2 workers within 10% of one worker's, no failed
// request, sessions continue. 4 workers is printed, not judged, on a 2-core machine.
// The clients run in this process, which is not counted.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 8;
const CLI = fileURLToPath(new URL('../src/cli/yinxin.ts', import.meta.url));
const TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) of one process, as /proc counts them now (0 once it has gone). */
function cpuOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process (the primary, or the single process) and of its children (the workers). */
function cpuSeconds(pid: number): { own: number; children: number } {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.split('\n').map(Number).filter((n) => n > 0);
  return { own: cpuOf(pid), children: children.reduce((sum, p) => sum + cpuOf(p), 0) };
}

async function start(workers: number): Promise<{ url: string; child: ChildProcess; dir: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-bench-scale-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, WORKERS: String(workers), PORT: String(port), PUBLIC_URL: url, DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'),
    // The production level: each request's access-log line is part of its cost.
    LOG_LEVEL: 'info', TRUST_PROXY: 'true', AUDIT_CHECKPOINT_INTERVAL_S: '0',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_KEY_PREFIX: `bench-scale:${randomBytes(4).toString('hex')}:` } : {}),
  };
  let out = '';
  let starting = true;
  const child = spawn(process.execPath, [CLI, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept until ready (for the ready line and a failure message); read and dropped after.
  child.stdout.on('data', (d: Buffer) => { if (starting) out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { if (starting) out += d.toString(); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once every worker listens: the primary says so (a single process once /readyz answers).
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready && (workers === 1 || out.includes('"msg":"yinxin workers listening"'))) {
      starting = false;
      out = '';
      return { url, child, dir, stop };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`WORKERS=${workers} did not become ready:\n${out.slice(-3000)}`);
}

/** Verifications by handle from CONCURRENCY clients for SECONDS; each client its own address (the public limit is per address). */
async function load(url: string, seconds: number): Promise<{ ok: number; failed: number; statuses: Record<string, number> }> {
  const statuses: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, c) => {
    for (let i = 0; performance.now() < end; i++) {
      try {
        const res = await fetch(`${url}/v/BENCH${String(c).padStart(3, '0')}${String(i).padStart(8, '0').slice(-8)}`, {
          headers: { accept: 'application/json', 'x-forwarded-for': `10.${c}.${(i >> 8) & 255}.${i & 255}` },
        });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500 || res.status === 429) failed++;
        else ok++;
      } catch {
        failed++;
        statuses.network = (statuses.network ?? 0) + 1;
      }
    }
  }));
  return { ok, failed, statuses };
}

/**
 * Start a sign-in (the holder portal's authorization request) and show its page again on fresh
 * connections: the interaction lives in the shared store, so every worker must find it.
 * Returns how many of `steps` showed the page.
 */
async function sessionAcrossWorkers(url: string, steps: number): Promise<number> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const auth = new URL(`${url}/oidc/auth`);
  for (const [k, v] of Object.entries({
    client_id: 'yinxin-holder-portal', redirect_uri: `${url}/holder`, response_type: 'code', scope: 'openid',
    code_challenge: challenge, code_challenge_method: 'S256', state: randomBytes(8).toString('hex'),
  })) auth.searchParams.set(k, v);
  const first = await fetch(auth, { redirect: 'manual', headers: { connection: 'close' } });
  const location = first.headers.get('location');
  const cookies = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!location) return 0;
  let shown = 0;
  for (let i = 0; i < steps; i++) {
    const page = await fetch(new URL(location, url), { redirect: 'manual', headers: { cookie: cookies, connection: 'close', accept: 'text/html' } });
    const body = await page.text();
    if (page.status === 200 && body.includes(new URL(location, url).pathname)) shown++;
  }
  return shown;
}

console.log(`bench/scale: yinxin start with WORKERS=1, 2, 4 (${process.env.BENCH_REDIS_URL ? 'SQLite + Redis' : 'embedded SQLite'}); ` +
  `verification by handle, ${CONCURRENCY} clients, ${SECONDS} s each; server CPU = primary + workers from /proc`);
const rows: { workers: number; cpuUs: number; rate: number; failed: number; sessions: string }[] = [];
for (const workers of [1, 2, 4]) {
  const svc = await start(workers);
  try {
    await load(svc.url, 1); // warm every worker (routes, caches, the receipt key)
    const pid = svc.child.pid as number;
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    const r = await load(svc.url, SECONDS);
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds(pid);
    const primary = workers === 1 ? 0 : cpu1.own - cpu0.own;
    const cpu = cpu1.own + cpu1.children - cpu0.own - cpu0.children;
    const steps = 6;
    const shown = await sessionAcrossWorkers(svc.url, steps);
    rows.push({ workers, cpuUs: (cpu * 1e6) / Math.max(1, r.ok), rate: r.ok / wall, failed: r.failed, sessions: `${shown}/${steps}` });
    console.log(`  WORKERS=${workers}: ${r.ok} answered (${JSON.stringify(r.statuses)}), ${r.failed} failed, ` +
      `${(r.ok / wall).toFixed(0)}/s, server CPU ${cpu.toFixed(2)} s = ${((cpu * 1e6) / Math.max(1, r.ok)).toFixed(0)} µs per request` +
      `${workers === 1 ? '' : ` (primary ${((primary * 1e6) / Math.max(1, r.ok)).toFixed(0)} µs of it)`}; ` +
      `sign-in shown on fresh connections: ${shown}/${steps}`);
  } finally {
    await svc.stop();
  }
}
const one = rows[0]!;
const two = rows[1]!;
const ratio = two.cpuUs / one.cpuUs;
console.log(`  CPU per request, 2 workers / 1 worker: ${ratio.toFixed(2)} (target ≤ 1.10); 4 workers / 1: ${(rows[2]!.cpuUs / one.cpuUs).toFixed(2)} (printed, not judged)`);
const met = ratio <= 1.1 && rows.every((r) => r.failed === 0 && r.sessions.split('/')[0] === r.sessions.split('/')[1]);
console.log(`  ${met ? 'target met' : 'target NOT met'}: ${rows.map((r) => `${r.workers}w failed ${r.failed}, sessions ${r.sessions}`).join('; ')}`);
