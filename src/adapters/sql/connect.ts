import knexFactory from 'knex';
import type { Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { isAppError } from '../../domain/errors.ts';
import { translateSqlError } from './sql-errors.ts';

export type SqlDialect = 'sqlite' | 'mysql';

/** The dialect a database URL selects: `sqlite:<file>` / `sqlite::memory:`, or `mysql://…`. */
export function dialectOf(url: string): SqlDialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`unsupported database URL scheme: ${url.split(':')[0]}`);
}

/** Where knex's own warnings go (connection lost, pool errors); silent unless given. */
export type SqlLog = (level: 'warn' | 'error' | 'debug', message: string) => void;

function knexLog(log: SqlLog | undefined): Knex.Config['log'] {
  const emit = (level: 'warn' | 'error' | 'debug') => (m: unknown) => log?.(level, m instanceof Error ? m.message : String(m));
  return { warn: emit('warn'), error: emit('error'), debug: emit('debug'), deprecate: (method: string, alt: string) => log?.('warn', `${method} is deprecated, use ${alt}`), enableColors: false };
}

interface MysqlConnection {
  destroy(): void;
}
interface MysqlClient {
  _query(conn: MysqlConnection, obj: unknown): Promise<unknown>;
  acquireConnection(): Promise<MysqlConnection>;
}
type MysqlClientClass = new (config: Knex.Config) => MysqlClient;

/** After a statement or a connection could not be had in time, how long the database is not asked again. */
const QUIET_AFTER_TIMEOUT_MS = 5000;

const unanswered = (message: string) => Object.assign(new Error(message), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' });

/**
 * knex's mysql2 client with a bound on every statement. A server that accepts connections but
 * never answers would otherwise hold a request for as long as the outage lasts: past the bound the
 * statement fails as the server being unreachable (ERR_STORE_UNAVAILABLE, sql-errors.ts) and its
 * connection is dropped, so the pool opens a fresh one once the server answers again. For a short
 * while after such a timeout every call fails at once, so that a request making several calls
 * (a verification reads, audits and signs a receipt) waits for one bound, not for each call.
 * A subclass, not a wrapper, so that transactions (whose clients derive from the class) are bounded too.
 */
function boundedMysqlClient(timeoutMs: number): MysqlClientClass {
  const Base = createRequire(import.meta.url)('knex/lib/dialects/mysql2/index.js') as MysqlClientClass;
  let quietUntil = 0;
  const quiet = () => Date.now() < quietUntil;
  const timedOut = () => { quietUntil = Date.now() + QUIET_AFTER_TIMEOUT_MS; };
  return class BoundedMysqlClient extends Base {
    override async acquireConnection(): Promise<MysqlConnection> {
      if (quiet()) throw unanswered('the database did not answer moments ago');
      try {
        return await super.acquireConnection();
      } catch (e) {
        // No connection within the bound, or none could be opened (refused, handshake timed out).
        if (isAppError(translateSqlError(e), 'ERR_STORE_UNAVAILABLE')) timedOut();
        throw e;
      }
    }

    override _query(conn: MysqlConnection, obj: unknown): Promise<unknown> {
      if (quiet()) return Promise.reject(unanswered('the database did not answer moments ago'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          timedOut();
          conn.destroy();
          reject(unanswered(`no answer from the database within ${timeoutMs} ms`));
        }, timeoutMs);
        super._query(conn, obj).then(
          (v) => { clearTimeout(timer); resolve(v); },
          (e: unknown) => { clearTimeout(timer); reject(e); },
        );
      });
    }
  };
}

interface MysqlCallbackConnection {
  query(sql: string, cb: (err: Error | null, rows?: unknown) => void): void;
}

/**
 * Every new MySQL connection: on a node of a MariaDB Galera cluster, reads wait until the node has
 * applied what the cluster committed before them (wsrep_sync_wait bit 1, added to what the server
 * sets). Instances behind a load balancer, each writing through its own node, then see each other's
 * writes as one server would show them: a session created by one is found by the next request on
 * another. A single MariaDB or MySQL server (wsrep off, or no such variable) is left as it is.
 */
function causalReadsOnGalera(conn: MysqlCallbackConnection, done: (err: Error | null, conn: unknown) => void): void {
  conn.query("SHOW VARIABLES LIKE 'wsrep_on'", (err, rows) => {
    if (err) return done(err, conn);
    if ((rows as { Value?: string }[])[0]?.Value !== 'ON') return done(null, conn);
    conn.query('SET SESSION wsrep_sync_wait = @@global.wsrep_sync_wait | 1', (e) => done(e, conn));
  });
}

/**
 * Open a knex instance for a database URL. SQLite runs in WAL mode with a busy timeout so that
 * a CLI command and the service can share the file; MySQL connections fail fast when the server
 * is down, waits for a pooled connection are bounded, and with `queryTimeoutMs` so is every
 * statement, so that requests answer 503 instead of hanging. Long operator work (migrations, a
 * full audit check) runs without the statement bound. On a Galera node, reads are causal across
 * the cluster (causalReadsOnGalera).
 */
export function connectSql(url: string, opts: { poolMax?: number; log?: SqlLog; queryTimeoutMs?: number; acquireTimeoutMs?: number } = {}): Knex {
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
    client: (opts.queryTimeoutMs ? boundedMysqlClient(opts.queryTimeoutMs) : 'mysql2') as Knex.Config['client'],
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
    pool: { min: 0, max: opts.poolMax ?? 10, afterCreate: causalReadsOnGalera },
    acquireConnectionTimeout: opts.acquireTimeoutMs ?? 5000,
    log: knexLog(opts.log),
  });
}

/**
 * Whether the database can serve requests now: it answers, and a node of a Galera cluster is part
 * of the cluster's primary component. A node cut off from the others still answers `SELECT 1` but
 * refuses every statement on a table, so its wsrep_ready status is what tells.
 */
export async function pingSql(knex: Knex): Promise<void> {
  await knex.raw('select 1');
  if (knex.client.dialect !== 'mysql') return;
  const [on] = (await knex.raw("SHOW VARIABLES LIKE 'wsrep_on'")) as [{ Value?: string }[]];
  if (on[0]?.Value !== 'ON') return;
  const [ready] = (await knex.raw("SHOW GLOBAL STATUS LIKE 'wsrep_ready'")) as [{ Value?: string }[]];
  if (ready[0]?.Value !== 'ON') throw new Error('this Galera node is not part of the primary component');
}
