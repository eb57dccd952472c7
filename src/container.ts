// Composition root: the only place that picks adapters (SQLite or MySQL, SQL-backed store or
// Redis) and wires services and HTTP routes to them.
import type { Express } from 'express';
import type { Knex } from 'knex';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config/schema.ts';
import { connectSql } from './adapters/sql/connect.ts';
import { migrateLatest } from './adapters/sql/migrate.ts';
import { SqlAuditStore } from './adapters/sql/sql-audit-store.ts';
import { RedisKvStore } from './adapters/kv/redis-kv-store.ts';
import { SqlKvStore } from './adapters/kv/sql-kv-store.ts';
import { createApp } from './http/app.ts';
import { auditRoutes } from './http/routes/audit.ts';
import type { AuditStore } from './ports/audit-store.ts';
import { systemClock } from './ports/clock.ts';
import type { Clock } from './ports/clock.ts';
import type { Connection, KvStore } from './ports/kv-store.ts';
import { AuditLog } from './services/audit/audit-log.ts';
import { readAuditHead } from './services/audit/read-audit-head.ts';

export interface Container {
  config: Config;
  logger: Logger;
  clock: Clock;
  knex: Knex;
  kv: KvStore & Connection;
  auditStore: AuditStore;
  audit: AuditLog;
  /** Release pools, connections and timers. */
  close(): Promise<void>;
}

/** The JSON logger. Secrets and personal data are removed by path before anything is written. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'yinxin' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization', '*.authorization',
        'cookie', '*.cookie', 'idNumber', '*.idNumber', 'phone', '*.phone', 'databaseUrl', 'redisUrl', 'sessionSecret'],
      censor: '[redacted]',
    },
  });
}

const SWEEP_INTERVAL_MS = 60_000;

export async function createContainer(config: Config, opts: { logger?: Logger; clock?: Clock } = {}): Promise<Container> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const knex = connectSql(config.databaseUrl, { log: (level, message) => logger[level]({ component: 'sql' }, message) });
  if (config.migrateOnStart) {
    const applied = await migrateLatest(knex);
    if (applied.length) logger.info({ applied }, 'database migrated');
  }
  let kv: KvStore & Connection;
  let sweep: NodeJS.Timeout | undefined;
  if (config.redisUrl) {
    kv = new RedisKvStore({ url: config.redisUrl, prefix: config.redisKeyPrefix });
  } else {
    const sqlKv = new SqlKvStore(knex, clock);
    sweep = setInterval(() => {
      sqlKv.sweepExpired().catch((e: unknown) => logger.warn({ err: String(e) }, 'kv sweep failed'));
    }, SWEEP_INTERVAL_MS);
    sweep.unref();
    kv = sqlKv;
  }
  const auditStore = new SqlAuditStore(knex);
  return {
    config,
    logger,
    clock,
    knex,
    kv,
    auditStore,
    audit: new AuditLog(auditStore, clock),
    async close() {
      if (sweep) clearInterval(sweep);
      await kv.close().catch(() => undefined);
      await knex.destroy();
    },
  };
}

/** The HTTP application over a container. */
export function createHttpApp(c: Container, isStopping: () => boolean): Express {
  return createApp({
    logger: c.logger,
    bodyLimit: c.config.bodyLimit,
    trustProxy: c.config.trustProxy,
    isStopping,
    readiness: [
      { name: 'database', ping: async () => { await c.knex.raw('select 1'); } },
      { name: 'kv', ping: () => c.kv.ping() },
    ],
    routers: [auditRoutes(() => readAuditHead(c.auditStore))],
  });
}
