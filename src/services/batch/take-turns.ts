// Long jobs on the service's one thread (imports of thousands of rows) give the thread back
// between their steps. Awaiting alone does not: a store that answers synchronously (better-sqlite3,
// the memory stores) settles its promises as microtasks, which run before any timer or socket, so
// a whole import of 5,000 rows ran as one turn of the event loop and nothing else was answered
// for seconds. A job calls the returned function between steps; once its turn has lasted
// `budgetMs`, the call waits for setImmediate, that is, until the event loop has polled for I/O and
// run what was waiting.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** A turn of 10 ms keeps requests waiting for a job well under the 100 ms the service allows. */
export const TURN_MS = 10;

export function takeTurns(budgetMs: number = TURN_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
