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
