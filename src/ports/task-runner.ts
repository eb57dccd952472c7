/**
 * Where pure, CPU-heavy tasks run: reading and checking an uploaded document must not hold up
 * the thread that answers every other request. `T` maps task names to functions of one
 * argument; arguments and results are plain data (structured-clonable), so a runner may hand
 * them to another thread.
 */

/** Task names and their functions. */
export type Tasks = Record<string, (input: never) => unknown>;

/** Runs the tasks of `T`. */
export interface TaskRunner<T extends Tasks> {
  /**
   * The result of `task` on `input`, or the task's own error. A runner with a pool also rejects
   * with ERR_DOCUMENT_TOO_COMPLEX when a task runs past its time (it is stopped) and with
   * ERR_BUSY when too many tasks wait. `transfer` names buffers inside `input` that a runner on
   * another thread may take instead of copying (copying megabytes holds the calling thread): the
   * caller must not use them afterwards.
   */
  run<K extends keyof T & string>(task: K, input: Parameters<T[K]>[0], transfer?: readonly ArrayBuffer[]): Promise<Awaited<ReturnType<T[K]>>>;
  /** Stops the runner's threads, if any. */
  close(): Promise<void>;
}
