import { retryTransaction } from '../sql/sql-errors.ts';

/**
 * Errors after which a whole transaction may simply run again: InnoDB chose it as a deadlock
 * victim (or, on a Galera cluster, it lost certification to a write through another node, which
 * Galera reports as the same error), two first inserts of one key raced, or another SQLite process
 * held or changed the file.
 * In each case the transaction was rolled back, so running it again is safe.
 */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_DUP_ENTRY', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);

/** Run a transaction, running it again (after a short random pause) when it lost a race. */
export function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  return retryTransaction(run, (err) => {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === 'string' && RETRYABLE.has(code);
  });
}
