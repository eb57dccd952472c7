// REDIS_URL=redis+sentinel://…: after a failover the store writes to the promoted replica by
// itself, with what was written before the failover still there. Runs where the machine has Redis
// (TEST_REDIS_SENTINEL is set: .ci/run starts sentinels), on a master, replica and sentinels of its
// own (scripts/redis-sentinel.sh), since a failover would disturb other suites.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKvStore } from '../../src/adapters/kv/redis-kv-store.ts';
import { testRedisSentinel } from '../support/services.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/redis-sentinel.sh', import.meta.url).pathname;
const FIRST_PORT = Number(process.env.TEST_REDIS_SENTINEL_FAILOVER_PORT ?? 7121);

/** Where the sentinel on `port` says the master is now. */
async function masterPort(port: number): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'sentinel', 'get-master-addr-by-name', 'yinxin']);
  return Number(stdout.trim().split('\n')[1]);
}

describe.runIf(testRedisSentinel)('Redis through Sentinel, across a failover', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-sentinel-'));
  let url = '';
  let store: RedisKvStore;

  beforeAll(async () => {
    const { stdout } = await run(SCRIPT, ['start', dir, String(FIRST_PORT)]);
    url = `redis+sentinel://${stdout.trim()}`;
    store = new RedisKvStore({ url, prefix: 'failover:' });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await run(SCRIPT, ['stop', dir, String(FIRST_PORT)]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps writing through the promoted replica, and keeps what was written before', async () => {
    await store.set('before', 'kept', 600);
    // The write has reached the replica before the switch (replication is asynchronous: a write
    // the replica has not seen yet is lost in any failover).
    let replicated = '';
    for (let i = 0; i < 100 && replicated !== 'kept'; i++) {
      replicated = (await run('redis-cli', ['-p', String(FIRST_PORT + 1), 'get', 'failover:before'])).stdout.trim();
      if (replicated !== 'kept') await sleep(100);
    }
    expect(replicated).toBe('kept');
    expect(await masterPort(FIRST_PORT + 2)).toBe(FIRST_PORT);
    await run('redis-cli', ['-p', String(FIRST_PORT + 2), 'sentinel', 'failover', 'yinxin']);
    let promoted = FIRST_PORT;
    for (let i = 0; i < 100 && promoted === FIRST_PORT; i++) {
      await sleep(100);
      promoted = await masterPort(FIRST_PORT + 2);
    }
    expect(promoted).toBe(FIRST_PORT + 1);
    // While the client moves, calls may fail fast (ERR_STORE_UNAVAILABLE or READONLY), or still
    // reach the old master until the sentinels turn it into a replica (which then drops them);
    // within a few seconds every write lands on the promoted replica.
    let landed = '';
    for (let i = 0; i < 100; i++) {
      await store.set('after', `write ${i}`, 600).catch(() => undefined);
      await sleep(100);
      landed = (await run('redis-cli', ['-p', String(FIRST_PORT + 1), 'get', 'failover:after'])).stdout.trim();
      if (landed === `write ${i}`) break;
    }
    expect(landed).toMatch(/^write \d+$/);
    expect(await store.get('after')).toBe(landed);
    expect(await store.get('before')).toBe('kept');
  }, 60_000);
});
