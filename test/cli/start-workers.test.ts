// `yinxin start` with WORKERS=2 on the embedded SQLite defaults, as an operator runs it: both
// workers answer on one port, the scheduled jobs run in one of them, a crashed worker is
// replaced, SIGHUP replaces every worker without a failed request, and the audit chain that both
// wrote into verifies afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/oidc-service.ts';
import { startServiceProcess } from '../support/service-process.ts';
import type { ServiceProcess } from '../support/service-process.ts';

const CLI = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));

/** The pids of the primary's workers. */
function workerPids(primary: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0).sort();
}

/** The JSON log lines with this message. */
function logLines(out: string, msg: string): Record<string, unknown>[] {
  return out.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function until(what: string, check: () => boolean, output: () => string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Verifications of an unknown handle (each one audited) from `clients` loops until `stop()`,
 * each client with its own address so the per-address limit is not what answers.
 */
function load(url: string, clients: number) {
  let running = true;
  const failures: string[] = [];
  let ok = 0;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running; i++) {
      try {
        const res = await fetch(`${url}/v/ABCDEFGH${String(c).padStart(4, '0')}${String(i % 10_000).padStart(4, '0')}`, {
          headers: { accept: 'application/json', 'x-forwarded-for': `10.9.${c}.${i % 250}` },
        });
        await res.arrayBuffer();
        if (res.status >= 500 || res.status === 429) failures.push(`HTTP ${res.status}`);
        else ok++;
      } catch (e) {
        failures.push(String((e as { cause?: unknown }).cause ?? e));
      }
    }
  });
  return { stop: async () => { running = false; await Promise.all(loops); return { ok, failures }; } };
}

describe('yinxin start with WORKERS=2', () => {
  let dir: string;
  let svc: ServiceProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yinxin-workers-'));
    const port = await freePort();
    env = {
      WORKERS: '2', DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), LOG_LEVEL: 'info', TRUST_PROXY: 'true',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    svc = await startServiceProcess(port, env);
    await until('both workers', () => logLines(svc.output(), 'yinxin workers listening').length === 1, svc.output);
  }, 180_000);

  afterAll(async () => {
    await svc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs two workers, and the scheduled jobs in one of them', () => {
    const pids = workerPids(svc.child.pid as number);
    expect(pids).toHaveLength(2);
    const listening = logLines(svc.output(), 'yinxin listening').map((l) => l.pid);
    expect(listening.sort()).toEqual(pids);
    const jobs = logLines(svc.output(), 'this process runs the scheduled jobs');
    expect(jobs.map((l) => l.pid)).toHaveLength(1);
    expect(pids).toContain(jobs[0]?.pid);
  });

  it('replaces every worker one at a time on SIGHUP, with no failed request during the reload', async () => {
    const before = workerPids(svc.child.pid as number);
    const traffic = load(svc.url, 4);
    await new Promise((r) => setTimeout(r, 500));
    svc.child.kill('SIGHUP');
    await until('the reload', () => logLines(svc.output(), 'workers reloaded').length === 1, svc.output);
    await new Promise((r) => setTimeout(r, 500));
    const { ok, failures } = await traffic.stop();
    expect(failures, svc.output().slice(-3000)).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    const after = workerPids(svc.child.pid as number);
    expect(after).toHaveLength(2);
    expect(after.filter((p) => before.includes(p))).toEqual([]);
    // The new worker 1 took over the scheduled jobs.
    const jobs = logLines(svc.output(), 'this process runs the scheduled jobs').map((l) => l.pid);
    expect(after).toContain(jobs.at(-1));
  }, 240_000);

  it('restarts a worker that crashed, and the replacement of worker 1 takes over the scheduled jobs', async () => {
    const jobs = logLines(svc.output(), 'this process runs the scheduled jobs');
    const first = jobs.at(-1)?.pid as number;
    process.kill(first, 'SIGKILL');
    await until('a replacement', () => logLines(svc.output(), 'this process runs the scheduled jobs').length === jobs.length + 1, svc.output);
    const replacement = logLines(svc.output(), 'this process runs the scheduled jobs').at(-1)?.pid;
    expect(replacement).not.toBe(first);
    expect(logLines(svc.output(), 'worker exited unexpectedly: restarting it').at(-1)).toMatchObject({ worker: 1, signal: 'SIGKILL' });
    await until('two workers', () => workerPids(svc.child.pid as number).length === 2, svc.output);
    expect(workerPids(svc.child.pid as number)).toContain(replacement);
    expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
  }, 180_000);

  it('keeps one unbroken audit chain written by both workers at once', async () => {
    const traffic = load(svc.url, 8);
    await new Promise((r) => setTimeout(r, 4000));
    const { ok, failures } = await traffic.stop();
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    const r = spawnSync(process.execPath, [CLI, 'audit', 'verify'], { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verified|ok|intact/i);
  }, 120_000);
});
