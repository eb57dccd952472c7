import type { Knex } from 'knex';
import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Connection, KvStore } from '../../ports/kv-store.ts';
import { sqlCall } from '../sql/sql-errors.ts';
import { checkKey, checkTtl } from './arguments.ts';
import { isExpired, laterExpiry } from './expiry.ts';
import { retryOnConflict } from './sql-retry.ts';

/** Options of {@link SqlKvStore}. */
export interface SqlKvStoreOptions {
  /** Destroy the knex pool on close(). Leave false when the pool is shared with other stores. */
  destroyOnClose?: boolean;
}

/** Rows removed per statement by sweepExpired(), so a large backlog never holds locks for long. */
const SWEEP_BATCH = 500;

type Db = Knex | Knex.Transaction;

/**
 * A KvStore in the service's SQL database (tables from migrations/0002_kv.ts), for the embedded
 * mode on SQLite, where sessions must survive a restart, and for MySQL/MariaDB without Redis.
 *
 * Expired rows are invisible at once and removed by {@link SqlKvStore.sweepExpired}, which the
 * owner calls periodically. Atomic reads-and-writes use single statements where SQLite allows
 * (DELETE … RETURNING, upsert … RETURNING; SQLite also runs one writer at a time) and row locks
 * inside a transaction on MySQL, which has no RETURNING. Transactions that lose a lock race
 * run again; a database that cannot be reached gives an AppError `ERR_STORE_UNAVAILABLE`.
 *
 * On SQLite, use one instance per process over a single-connection pool (as `connectSql` makes):
 * two pools in one process would wait on each other's file lock inside one thread.
 */
export class SqlKvStore implements KvStore, Connection {
  readonly #db: Knex;
  readonly #clock: Clock;
  readonly #mysql: boolean;
  readonly #destroyOnClose: boolean;

  /** `clock` gives the time for expiry; expiry times are stored as epoch milliseconds. */
  constructor(db: Knex, clock: Clock = systemClock, options: SqlKvStoreOptions = {}) {
    this.#db = db;
    this.#clock = clock;
    this.#mysql = db.client.dialect === 'mysql';
    this.#destroyOnClose = options.destroyOnClose ?? false;
  }

  async get(key: string): Promise<string | null> {
    return sqlCall(async () => {
      const row = (await this.#db('kv_entries')
        .select('v')
        .where('k', key)
        .andWhere(live(this.#now()))
        .first()) as { v: string } | undefined;
      return row?.v ?? null;
    });
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    checkTtl(ttlSeconds);
    return sqlCall(async () => {
      // One statement; on a Galera cluster two nodes writing one key at once still meet at commit.
      await retryOnConflict(() => this.#db('kv_entries')
        .insert({ k: key, v: value, expires_at: this.#expiry(ttlSeconds) })
        .onConflict('k')
        .merge(['v', 'expires_at']));
    });
  }

  async delete(key: string): Promise<void> {
    return sqlCall(async () => {
      // One transaction: a set add running in between must not see the header gone while members remain.
      await retryOnConflict(() =>
        this.#db.transaction(async (trx) => {
          await trx('kv_entries').where('k', key).del();
          await trx('kv_sets').where('k', key).del();
          await trx('kv_set_members').where('set_key', key).del();
        }),
      );
    });
  }

  async take(key: string): Promise<string | null> {
    return sqlCall(async () => {
      const now = this.#now();
      if (!this.#mysql) {
        const rows = (await this.#db.raw('DELETE FROM kv_entries WHERE k = ? RETURNING v, expires_at', [key])) as Row[];
        const row = rows[0];
        return row && !isExpired(toMs(row.expires_at), now) ? row.v : null;
      }
      return retryOnConflict(() =>
        this.#db.transaction(async (trx) => {
          // The row lock makes a concurrent take wait here, then find the row gone.
          const row = (await trx('kv_entries').select('v', 'expires_at').where('k', key).forUpdate().first()) as
            | Row
            | undefined;
          if (!row) return null;
          await trx('kv_entries').where('k', key).del();
          return isExpired(toMs(row.expires_at), now) ? null : row.v;
        }),
      );
    });
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    checkKey(key);
    checkTtl(ttlSeconds);
    return sqlCall(async () => {
      const now = this.#now();
      const expiresAt = now + ttlSeconds * 1000;
      if (!this.#mysql) {
        // An UPDATE's expressions all read the old row, so both CASEs test the old expiry.
        const rows = (await this.#db.raw(
          `INSERT INTO kv_entries (k, v, expires_at) VALUES (?, '1', ?)
           ON CONFLICT (k) DO UPDATE SET
             v = CASE WHEN kv_entries.expires_at IS NOT NULL AND kv_entries.expires_at <= ? THEN '1'
                      ELSE CAST(CAST(kv_entries.v AS INTEGER) + 1 AS TEXT) END,
             expires_at = CASE WHEN kv_entries.expires_at IS NOT NULL AND kv_entries.expires_at <= ? THEN excluded.expires_at
                               ELSE kv_entries.expires_at END
           RETURNING v`,
          [key, expiresAt, now, now],
        )) as { v: string }[];
        return Number(rows[0]?.v);
      }
      return retryOnConflict(() =>
        this.#db.transaction(async (trx) => {
          // MySQL assigns left to right and later assignments see earlier ones: v is assigned
          // first, so both IF()s still test the old expires_at.
          await trx.raw(
            `INSERT INTO kv_entries (k, v, expires_at) VALUES (?, '1', ?)
             ON DUPLICATE KEY UPDATE
               v = IF(expires_at IS NOT NULL AND expires_at <= ?, '1', CAST(CAST(v AS SIGNED) + 1 AS CHAR)),
               expires_at = IF(expires_at IS NOT NULL AND expires_at <= ?, ?, expires_at)`,
            [key, expiresAt, now, now, expiresAt],
          );
          // Still inside the transaction, the row stays locked: this reads our own increment.
          const row = (await trx('kv_entries').select('v').where('k', key).first()) as { v: string };
          return Number(row.v);
        }),
      );
    });
  }

  async setAdd(setKey: string, member: string, ttlSeconds?: number): Promise<void> {
    checkKey(setKey);
    checkKey(member, 'member');
    checkTtl(ttlSeconds);
    return sqlCall(async () => {
      const now = this.#now();
      const expiresAt = this.#expiry(ttlSeconds);
      await retryOnConflict(() =>
        this.#db.transaction(async (trx) => {
          const header = await this.#lockedSetHeader(trx, setKey);
          if (header && !isExpired(toMs(header.expires_at), now)) {
            const target = laterExpiry(toMs(header.expires_at), expiresAt);
            if (target !== toMs(header.expires_at)) {
              await trx('kv_sets').where('k', setKey).update({ expires_at: target });
            }
          } else {
            // A new or expired set starts empty: drop members left by an expired one.
            await trx('kv_set_members').where('set_key', setKey).del();
            if (header) await trx('kv_sets').where('k', setKey).update({ expires_at: expiresAt });
            else await trx('kv_sets').insert({ k: setKey, expires_at: expiresAt });
          }
          await trx('kv_set_members').insert({ set_key: setKey, member }).onConflict(['set_key', 'member']).ignore();
        }),
      );
    });
  }

  async setMembers(setKey: string): Promise<string[]> {
    return sqlCall(async () => {
      const rows = (await this.#db('kv_set_members as m')
        .join('kv_sets as s', 's.k', 'm.set_key')
        .select('m.member')
        .where('s.k', setKey)
        .andWhere(live(this.#now(), 's.expires_at'))) as { member: string }[];
      return rows.map((r) => r.member);
    });
  }

  /** Delete expired values, counters and sets; returns how many keys were removed. */
  async sweepExpired(): Promise<number> {
    return sqlCall(async () => {
      const now = this.#now();
      let removed = 0;
      for (const table of ['kv_entries', 'kv_sets']) {
        for (;;) {
          const keys = await this.#expiredKeys(table, now);
          if (keys.length === 0) break;
          // Checked again in the DELETE: a key renewed since the SELECT stays.
          removed += await this.#db(table).whereIn('k', keys).andWhere('expires_at', '<=', now).del();
          if (table === 'kv_sets') await this.#deleteOrphanMembers(keys);
          if (keys.length < SWEEP_BATCH) break;
        }
      }
      return removed;
    });
  }

  async ping(): Promise<void> {
    return sqlCall(async () => {
      await this.#db.raw('SELECT 1');
    });
  }

  async close(): Promise<void> {
    if (this.#destroyOnClose) await this.#db.destroy();
  }

  /** The set's header row, locked on MySQL until the transaction ends (SQLite has one writer). */
  async #lockedSetHeader(trx: Db, setKey: string): Promise<{ expires_at: unknown } | undefined> {
    const query = trx('kv_sets').select('expires_at').where('k', setKey);
    if (this.#mysql) query.forUpdate();
    return (await query.first()) as { expires_at: unknown } | undefined;
  }

  async #expiredKeys(table: string, now: number): Promise<string[]> {
    const rows = (await this.#db(table).select('k').where('expires_at', '<=', now).limit(SWEEP_BATCH)) as { k: string }[];
    return rows.map((r) => r.k);
  }

  /**
   * Members whose set header is gone. A set re-created in the meantime has a header again and
   * is left alone (its add already cleared the old members).
   */
  async #deleteOrphanMembers(setKeys: string[]): Promise<void> {
    await this.#db('kv_set_members')
      .whereIn('set_key', setKeys)
      .whereNotExists((q) => q.select(this.#db.raw('1')).from('kv_sets').whereRaw('kv_sets.k = kv_set_members.set_key'))
      .del();
  }

  #expiry(ttlSeconds: number | undefined): number | null {
    return ttlSeconds === undefined ? null : this.#now() + ttlSeconds * 1000;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}

interface Row {
  v: string;
  expires_at: unknown;
}

/** A condition: not expired at `now`. */
function live(now: number, column = 'expires_at') {
  return (q: Knex.QueryBuilder) => q.whereNull(column).orWhere(column, '>', now);
}

/** BIGINT arrives as a number, or as a string from drivers that guard against precision loss. */
function toMs(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
