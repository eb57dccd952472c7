// Real backing services for contract tests. Locally a suite runs against SQLite/memory only
// when TEST_MYSQL_URL / TEST_REDIS_URL are unset; under CI=true a missing service is an error.
import { randomBytes } from 'node:crypto';
import { connectSql } from '../../src/adapters/sql/connect.ts';

const inCi = process.env.CI === 'true';

function required(name: 'TEST_MYSQL_URL' | 'TEST_REDIS_URL'): string | undefined {
  const value = process.env[name];
  if (!value && inCi) throw new Error(`${name} must be set under CI: contract tests may not skip a backing service`);
  return value || undefined;
}

export const testMysqlUrl = required('TEST_MYSQL_URL');
export const testRedisUrl = required('TEST_REDIS_URL');
/**
 * A local Redis Cluster (`host:port,host:port,…`, as scripts/redis-cluster.sh prints) for the
 * suites that run against a cluster too; `.ci/run` starts one and sets it.
 */
export const testRedisClusterNodes = process.env.TEST_REDIS_CLUSTER_NODES || undefined;
/** The REDIS_URL that names that cluster. */
export const testRedisClusterUrl = testRedisClusterNodes ? `redis://${testRedisClusterNodes}` : undefined;
/**
 * The nodes of a local MariaDB Galera cluster (`mysql://…,mysql://…`, as scripts/galera-cluster.sh
 * prints), for the suites that run with instances writing through different nodes; `.ci/run`
 * starts one and sets TEST_GALERA_URLS.
 */
export const testGaleraUrls = (process.env.TEST_GALERA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);

/** A database's URL on another server of the same cluster: same user, password and name. */
export function onNode(dbUrl: string, nodeUrl: string): string {
  const u = new URL(dbUrl);
  const node = new URL(nodeUrl);
  u.hostname = node.hostname;
  u.port = node.port;
  return u.toString();
}

/**
 * A fresh database on a Galera cluster, created through the first node, and its URL on every
 * node once each node has it (a node applies the other nodes' schema changes a moment later).
 */
export async function freshGaleraDatabase(nodeUrls: readonly string[]): Promise<{ urls: string[]; drop: () => Promise<void> }> {
  const db = await freshMysqlDatabase(nodeUrls[0] as string);
  const urls = nodeUrls.map((n) => onNode(db.url, n));
  const name = new URL(db.url).pathname.slice(1);
  for (const nodeUrl of nodeUrls.slice(1)) {
    const k = connectSql(nodeUrl, { poolMax: 1 });
    try {
      for (let i = 0; ; i++) {
        const rows = (await k.raw('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [name]))[0] as unknown[];
        if (rows.length > 0) break;
        if (i >= 100) throw new Error(`database ${name} did not reach ${nodeUrl}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await k.destroy();
    }
  }
  return { urls, drop: db.drop };
}

/**
 * Sentinels watching a local master and its replica (`host:port,…/NAME`, as
 * scripts/redis-sentinel.sh prints) for the suites that run through Sentinel too; `.ci/run` starts
 * them and sets it.
 */
export const testRedisSentinel = process.env.TEST_REDIS_SENTINEL || undefined;
/** The REDIS_URL that names them. */
export const testRedisSentinelUrl = testRedisSentinel ? `redis+sentinel://${testRedisSentinel}` : undefined;

/**
 * A fresh, empty MySQL/MariaDB database for one test file, so that files running in parallel
 * never see each other's rows. Returns its URL and a function that drops it.
 */
export async function freshMysqlDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `yinxin_t_${randomBytes(6).toString('hex')}`;
  const admin = connectSql(baseUrl, { poolMax: 1 });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.destroy();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const k = connectSql(baseUrl, { poolMax: 1 });
      await k.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await k.destroy();
    },
  };
}

/** A unique key prefix so that test files sharing one Redis never collide. */
export function uniquePrefix(): string {
  return `yinxin-test:${randomBytes(6).toString('hex')}:`;
}
