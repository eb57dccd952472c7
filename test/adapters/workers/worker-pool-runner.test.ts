// The worker pool: results and errors come back as they were made on the pool's thread (codes
// and validation details kept); a task past its time is stopped (ERR_DOCUMENT_TOO_COMPLEX) and
// the pool goes on; a task that finds every thread and the queue taken is ERR_BUSY, and one
// that waits too long for a thread too. The thread that called never waits on the work.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { workerPoolRunner } from '../../../src/adapters/workers/worker-pool-runner.ts';
import type { poolTestTasks } from '../../support/pool-tasks.ts';

const module = new URL('../../support/pool-tasks.ts', import.meta.url);
const make = (over: { taskTimeoutMs?: number; queueTimeoutMs?: number; maxQueue?: number } = {}) => workerPoolRunner<typeof poolTestTasks>({
  module, exportName: 'poolTestTasks', threads: 1, maxQueue: over.maxQueue ?? 1,
  taskTimeoutMs: over.taskTimeoutMs ?? 2_000, queueTimeoutMs: over.queueTimeoutMs ?? 5_000, maxHeapMb: 64,
});

describe('worker pool runner', () => {
  const pools: ReturnType<typeof make>[] = [];
  const pool = (over?: Parameters<typeof make>[0]) => {
    const p = make(over);
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('returns plain data, and rebuilds errors with their codes and validation details', async () => {
    const p = pool();
    const when = new Date('2026-01-02T03:04:05Z');
    const out = await p.run('echo', { bytes: new Uint8Array(1000), when });
    expect(out.length).toBe(1000);
    expect(out.when).toEqual(when);
    expect(out.map.get('a')).toBe(1);
    await expect(p.run('appError', undefined as never)).rejects.toMatchObject({ name: 'AppError', code: 'ERR_VALIDATION', details: { issues: [{ path: ['page'] }] } });
    await expect(p.run('cryptoError', undefined as never)).rejects.toMatchObject({ code: 'ERR_PDF_BUDGET', message: 'the document exceeds the limit on work (1)' });
  });

  it('moves large buffers both ways instead of copying them, and copies small ones', async () => {
    const p = pool();
    for (let round = 0; round < 2; round++) {
      const bytes = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
      const out = await p.run('reverse', { bytes }, [bytes.buffer]);
      // Handed over: empty on this side.
      expect(bytes.byteLength).toBe(0);
      expect(out.bytes.byteLength).toBe(1 << 20);
      expect([out.bytes[0], out.bytes[(1 << 20) - 1]]).toEqual([0xff, 0]);
      // A view into the pool thread's shared Buffer memory is copied, and that memory stays usable there.
      expect(Buffer.from(out.small).toString()).toBe('pool');
    }
  });

  it('stops a task past its time with ERR_DOCUMENT_TOO_COMPLEX, without holding up the caller, and goes on', async () => {
    const p = pool({ taskTimeoutMs: 300 });
    await p.run('spin', { ms: 1 }); // the thread is up
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t = performance.now();
    await expect(p.run('spin', { ms: 60_000 })).rejects.toMatchObject({ code: 'ERR_DOCUMENT_TOO_COMPLEX' });
    delay.disable();
    expect(performance.now() - t).toBeLessThan(5_000);
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(await p.run('spin', { ms: 5 })).toBe(5);
  });

  it('answers ERR_BUSY when the thread and the queue are taken, and when a task waits too long', async () => {
    const p = pool({ maxQueue: 1, queueTimeoutMs: 400 });
    // The thread is up first: starting one may take longer than 400 ms.
    for (let i = 0; i < 50 && (await p.run('spin', { ms: 1 }).catch(() => 0)) !== 1; i++);
    const running = p.run('spin', { ms: 1_500 });
    const queued = p.run('spin', { ms: 1 });
    await expect(p.run('spin', { ms: 1 })).rejects.toMatchObject({ code: 'ERR_BUSY' });
    await expect(queued).rejects.toMatchObject({ code: 'ERR_BUSY' });
    expect(await running).toBe(1_500);
    expect(await p.run('spin', { ms: 2 })).toBe(2);
  });
});
