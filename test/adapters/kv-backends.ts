// The KvStore implementations the contract suite runs against: memory and SQLite always, MariaDB
// and Redis when TEST_MYSQL_URL / TEST_REDIS_URL are set (required under CI), and a Redis Cluster
// when TEST_REDIS_CLUSTER_NODES is set, and Redis through Sentinel when TEST_REDIS_SENTINEL is set
// (.ci/run starts both); a Galera cluster, the second instance on another node, when
// TEST_GALERA_URLS is set (.ci/run starts one too).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { createClient, createCluster, createSentinel } from 'redis';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { RedisKvStore } from '../../src/adapters/kv/redis-kv-store.ts';
import { SqlKvStore } from '../../src/adapters/kv/sql-kv-store.ts';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { systemClock } from '../../src/ports/clock.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { Connection, KvStore } from '../../src/ports/kv-store.ts';
import { testRedisClusterNodes, testRedisClusterUrl, testRedisSentinel, testRedisSentinelUrl, testRedisUrl, uniquePrefix } from '../support/services.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

export type Store = KvStore & Connection;

export interface KvSubject {
  store: Store;
  /**
   * A second instance on its own connection to the same data, as another service process
   * would have (on a Galera cluster, through another node); the memory store, which cannot be
   * shared, gives itself.
   */
  peer: Store;
  /** Let `seconds` (plus a margin) pass as the store sees time: a fake clock, or real waiting. */
  pass(seconds: number): Promise<void>;
  /** The time as the store sees it, for code layered over the store. */
  clock: Clock;
  /** SQL only: the knex under the store, to look at rows directly. */
  knex?: Knex;
  /** Memory and SQL: remove expired entries now. */
  sweepExpired?(): Promise<number>;
  cleanup(): Promise<void>;
}

export interface KvBackend {
  name: string;
  open(): Promise<KvSubject>;
}

/** A clock that moves only when told to. */
export function fakeClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

/** The margin added to every pass(): Redis expires keys on a millisecond timer of its own. */
const MARGIN_MS = 100;

const memory: KvBackend = {
  name: 'memory',
  async open() {
    const clock = fakeClock();
    const store = new MemoryKvStore(clock);
    return {
      store,
      peer: store,
      clock,
      pass: async (s) => clock.advance(s * 1000 + MARGIN_MS),
      sweepExpired: () => store.sweepExpired(),
      cleanup: () => store.close(),
    };
  },
};

const sql: KvBackend[] = sqlContractBackends.map((backend) => ({
  name: backend.name,
  async open() {
    const { urls, knex, cleanup } = await backend.open();
    const clock = fakeClock();
    const store = new SqlKvStore(knex, clock);
    const peer = new SqlKvStore(connectSql(urls[1] ?? urls[0] as string), clock, { destroyOnClose: true });
    return {
      store,
      peer,
      knex,
      clock,
      pass: async (s) => clock.advance(s * 1000 + MARGIN_MS),
      sweepExpired: () => store.sweepExpired(),
      cleanup: async () => {
        await peer.close();
        await store.close();
        await cleanup();
      },
    };
  },
}));

const redis = (url: string, name = 'redis'): KvBackend => ({
  name,
  async open() {
    const prefix = uniquePrefix();
    const store = new RedisKvStore({ url, prefix });
    const peer = new RedisKvStore({ url, prefix });
    return {
      store,
      peer,
      clock: systemClock,
      pass: (s) => sleep(s * 1000 + MARGIN_MS),
      cleanup: async () => {
        await peer.close();
        await store.close();
        await deleteByPrefix(url, prefix);
      },
    };
  },
});

/** Remove what a test run left in the shared Redis (on every master of a cluster). */
async function deleteByPrefix(url: string, prefix: string): Promise<void> {
  if (url === testRedisClusterUrl) {
    const cluster = createCluster({ rootNodes: (testRedisClusterNodes as string).split(',').map((n) => ({ url: `redis://${n}` })) });
    await cluster.connect();
    for (const master of cluster.masters) {
      const node = await cluster.nodeClient(master);
      for await (const keys of node.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
        for (const key of keys) await cluster.del(key);
      }
    }
    await cluster.close();
    return;
  }
  if (url === testRedisSentinelUrl) {
    const [nodes, name] = (testRedisSentinel as string).split('/') as [string, string];
    const sentinel = createSentinel({ name, sentinelRootNodes: nodes.split(',').map((n) => ({ host: n.split(':')[0] as string, port: Number(n.split(':')[1]) })) });
    await sentinel.connect();
    const master = await sentinel.acquire();
    let cursor = '0';
    do {
      const page = await master.scan(cursor, { MATCH: `${prefix}*`, COUNT: 500 });
      if (page.keys.length > 0) await master.del(page.keys);
      cursor = String(page.cursor);
    } while (cursor !== '0');
    master.release();
    await sentinel.close();
    return;
  }
  const client = createClient({ url });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
  await client.close();
}

export const kvBackends: KvBackend[] = [
  memory, ...sql,
  ...(testRedisUrl ? [redis(testRedisUrl)] : []),
  ...(testRedisClusterUrl ? [redis(testRedisClusterUrl, 'redis cluster')] : []),
  ...(testRedisSentinelUrl ? [redis(testRedisSentinelUrl, 'redis sentinel')] : []),
];
