import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Errors after which a whole transaction may simply run again: InnoDB chose it as a deadlock
 * victim (or, on a Galera cluster, it lost certification to a write through another node, which
 * Galera reports as the same error), two first inserts of one key raced, or another SQLite process
 * held or changed the file.
 * In each case the transaction was rolled back, so running it again is safe.
 */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_DUP_ENTRY', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);

/**
 * Enough for a hot key written through several Galera nodes at once, where each round of commits
 * lets only one node's writer through and the others run again.
 */
const ATTEMPTS = 20;

/** Run a transaction, running it again (after a short random pause) when it lost a race. */
export async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      // Random pause so that the same two callers do not collide again in lock step.
      await sleep(Math.random() * 5 * Math.min(attempt, 10));
    }
  }
}
