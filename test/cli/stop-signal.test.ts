// SIGTERM stops the service in production mode even when nothing reads its log any more: the
// reading end of its stdout pipe closed (a log shipper that died), no line written since.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/oidc-service.ts';
import { productionEnv } from '../support/production-env.ts';

const CLI = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 2000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('yinxin start and SIGTERM', () => {
  // One process, and a primary with two workers (all three write to the same stdout).
  it.each([1, 2])('exits within the shutdown timeout after the reader of its stdout has gone (WORKERS=%i)', async (workers) => {
    const port = await freePort();
    const { env, dataDir } = productionEnv(port);
    dirs.push(dataDir);
    const child = spawn(process.execPath, [CLI, 'start'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), WORKERS: String(workers) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    let lines = 0;
    let allListening = workers === 1;
    child.stdout.on('data', (d: Buffer) => {
      lines += d.toString().split('\n').length - 1;
      if (d.toString().includes('"msg":"yinxin workers listening"')) allListening = true;
    });
    try {
      let ready = false;
      for (let i = 0; i < 400 && !ready && child.exitCode === null; i++) {
        ready = allListening && await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ready, err).toBe(true);
      expect(lines).toBeGreaterThan(0);
      child.stdout.destroy();
      const started = Date.now();
      child.kill('SIGTERM');
      const outcome = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), SHUTDOWN_TIMEOUT_MS + 3000))]);
      expect(outcome, err).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 3000);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  }, 150_000);
});
