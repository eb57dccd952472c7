import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../domain/errors.ts';

// Error codes of mysql2, better-sqlite3, knex and node that mean "the database cannot be
// reached right now", as opposed to a bad query.
const UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'ER_SERVER_GONE_ERROR', 'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR',
  // A Galera node that is not part of the primary component (cut off, or still joining):
  // "WSREP has not yet prepared node for application use".
  'ER_UNKNOWN_COM_ERROR',
]);

/** True for an error that says the row already exists (unique or primary key). */
export function isDuplicateKey(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * True when InnoDB chose this statement as a deadlock victim (two writers inserting the same key
 * at once can meet so on the primary key and a secondary index), or, on a MariaDB Galera cluster,
 * when a transaction lost certification to a conflicting one committed through another node (Galera
 * reports that as the same error, 1213). The transaction was rolled back: nothing of it was
 * written, so the caller may treat it as a lost race and read again, or run it again.
 */
export function isDeadlock(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ER_LOCK_DEADLOCK';
}

/**
 * Enough for a row written through several Galera nodes at once, where each round of commits lets
 * only one node's writer through and the others run again.
 */
const RETRY_ATTEMPTS = 20;

/**
 * Run a transaction again, after a short random pause, while it fails with an error `retryable`
 * accepts; other errors, and the last attempt's, pass through. The transaction must only change
 * the database: a run that lost was rolled back entirely.
 */
export async function retryTransaction<T>(run: () => Promise<T>, retryable: (e: unknown) => boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (attempt >= RETRY_ATTEMPTS || !retryable(e)) throw e;
      // Random, growing pause so that the same two writers do not meet again in lock step.
      await sleep(Math.random() * 5 * Math.min(attempt, 10));
    }
  }
}

/** Run a transaction again when it lost a deadlock or a Galera certification (see isDeadlock). */
export function retryDeadlock<T>(run: () => Promise<T>): Promise<T> {
  return retryTransaction(run, isDeadlock);
}

/** Turn a connectivity failure into ERR_STORE_UNAVAILABLE; other errors pass through unchanged. */
export function translateSqlError(e: unknown): unknown {
  const err = e as { code?: string; name?: string; fatal?: boolean } | null;
  if (err && (UNAVAILABLE.has(err.code ?? '') || err.name === 'KnexTimeoutError' || err.fatal === true)) {
    return new AppError('ERR_STORE_UNAVAILABLE', 'database unavailable', { cause: e, details: { dbCode: err.code ?? err.name } });
  }
  return e;
}

/** Run a database call, translating connectivity failures. */
export async function sqlCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translateSqlError(e);
  }
}
