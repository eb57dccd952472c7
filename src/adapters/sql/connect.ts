import knexFactory from 'knex';
import type { Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqlDialect = 'sqlite' | 'mysql';

/** The dialect a database URL selects: `sqlite:<file>` / `sqlite::memory:`, or `mysql://…`. */
export function dialectOf(url: string): SqlDialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`unsupported database URL scheme: ${url.split(':')[0]}`);
}

/**
 * Open a knex instance for a database URL. SQLite runs in WAL mode with a busy timeout so that
 * a CLI command and the service can share the file; MySQL connections fail fast when the server
 * is down so that requests answer 503 instead of hanging.
 */
/** Where knex's own warnings go (connection lost, pool errors); silent unless given. */
export type SqlLog = (level: 'warn' | 'error' | 'debug', message: string) => void;

function knexLog(log: SqlLog | undefined): Knex.Config['log'] {
  const emit = (level: 'warn' | 'error' | 'debug') => (m: unknown) => log?.(level, m instanceof Error ? m.message : String(m));
  return { warn: emit('warn'), error: emit('error'), debug: emit('debug'), deprecate: (method: string, alt: string) => log?.('warn', `${method} is deprecated, use ${alt}`), enableColors: false };
}

export function connectSql(url: string, opts: { poolMax?: number; log?: SqlLog } = {}): Knex {
  if (dialectOf(url) === 'sqlite') {
    const filename = url.slice('sqlite:'.length) || ':memory:';
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      log: knexLog(opts.log),
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('foreign_keys = ON');
          done(null, conn);
        },
      },
    });
  }
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: u.hostname,
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.replace(/^\//, ''),
      charset: 'utf8mb4',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      connectTimeout: 3000,
    },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    acquireConnectionTimeout: 5000,
    log: knexLog(opts.log),
  });
}
