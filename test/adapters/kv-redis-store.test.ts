// The Redis store while Redis is down, silent or coming back: calls must reject promptly with
// ERR_STORE_UNAVAILABLE (so the service answers 503), never hang or crash, and recover by themselves.
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisKvStore } from '../../src/adapters/kv/redis-kv-store.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { testRedisUrl, uniquePrefix } from '../support/services.ts';

const TIMEOUT_MS = 300;

const opened: RedisKvStore[] = [];
const servers: Server[] = [];
const accepted = new Set<Socket>();

function open(url: string): RedisKvStore {
  const store = new RedisKvStore({ url, prefix: uniquePrefix(), timeoutMs: TIMEOUT_MS });
  opened.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  for (const s of accepted) s.destroy();
  accepted.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A TCP server on a free local port; `onSocket` decides what happens to each connection. */
async function listen(onSocket: (socket: Socket) => void, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    accepted.add(socket);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** How long `promise` takes to reject, and with what. */
async function rejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
  throw new Error('expected a rejection');
}

describe('Redis key-value store when Redis cannot answer', () => {
  it('rejects calls promptly when nothing listens', async () => {
    const { server, port } = await listen((s) => s.destroy());
    await new Promise((resolve) => server.close(resolve)); // the port is now free and refused
    const store = open(`redis://127.0.0.1:${port}`);
    for (const call of [store.ping(), store.get('k'), store.set('k', 'v'), store.take('k'), store.increment('k', 5)]) {
      const { error, ms } = await rejection(call);
      expect(isAppError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
      // Refused at once: no call waits out the timeout, the first one included.
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
  });

  it('rejects calls within the timeout when the server accepts but never answers', async () => {
    // Reads what the client sends (so it sees the client hang up) and never replies.
    const { port } = await listen((s) => s.resume());
    const store = open(`redis://127.0.0.1:${port}`);
    const { error, ms } = await rejection(store.get('k'));
    expect(isAppError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

  it('rejects every call after close()', async () => {
    const { port } = await listen((s) => s.resume());
    const store = open(`redis://127.0.0.1:${port}`);
    await store.close();
    await expect(store.get('k')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});

describe.runIf(testRedisUrl)('Redis key-value store across a Redis outage', () => {
  it('fails while Redis is unreachable and recovers when it returns', async () => {
    const redis = new URL(testRedisUrl as string);
    const links = new Set<Socket>();
    // A proxy in front of the real Redis that can be cut and restored, as a network fault would.
    const forward = (client: Socket) => {
      const upstream = connect(Number(redis.port || 6379), redis.hostname);
      for (const s of [client, upstream]) {
        links.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    };
    let proxy = await listen(forward);
    const store = open(`redis://127.0.0.1:${proxy.port}`);
    await store.set('session', 'kept', 60);
    expect(await store.get('session')).toBe('kept');

    // Cut: stop listening and drop the live connections.
    const closed = new Promise((resolve) => proxy.server.close(resolve));
    for (const s of links) s.destroy();
    await closed;
    const { error, ms } = await rejection(store.get('session'));
    expect(isAppError(error, 'ERR_STORE_UNAVAILABLE')).toBe(true);
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
    await expect(store.ping()).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });

    // Restore on the same port; the store reconnects by itself.
    proxy = await listen(forward, proxy.port);
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await store.ping();
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(100);
      }
    }
    expect(await store.get('session')).toBe('kept');
    await store.delete('session');
  });
});
