// A TaskRunner over a pool of worker threads (piscina): uploads are read and checked there, so a
// slow or hostile file holds one pool thread, never the thread that answers /healthz and every
// other request. A task's time counts from when a thread takes it; past it the thread is
// stopped (and replaced) and the task fails with ERR_DOCUMENT_TOO_COMPLEX. A task that waits
// too long for a thread, or finds the queue full, fails with ERR_BUSY.
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { CryptoError } from '../../crypto/errors.ts';
import type { CryptoErrorCode } from '../../crypto/errors.ts';
import { AppError, ErrorCodes } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { TaskRunner, Tasks } from '../../ports/task-runner.ts';
import type { TaskMessage, TaskOutcome } from './task-worker.ts';

export interface WorkerPoolOptions {
  /** The module that exports the tasks, and the name of that export. */
  readonly module: URL;
  readonly exportName: string;
  readonly threads: number;
  /** Tasks that may wait for a thread; one more is ERR_BUSY. */
  readonly maxQueue: number;
  /** How long a task may run. */
  readonly taskTimeoutMs: number;
  /** How long a task may wait for a thread. */
  readonly queueTimeoutMs: number;
  /** V8 heap of each thread; a task past it fails like one past its time. */
  readonly maxHeapMb: number;
  /** Start the threads now rather than at the first task (default true). */
  readonly warm?: boolean;
}

const codes: ReadonlySet<string> = new Set(ErrorCodes);

/** The task's own error, with its code. */
function rebuilt(error: Extract<TaskOutcome, { ok: false }>['error']): Error {
  if (error.name === 'AppError' && error.code !== undefined && codes.has(error.code)) {
    const details = error.details as Record<string, unknown> | undefined;
    return new AppError(error.code as ErrorCode, error.message, details === undefined ? undefined : { details });
  }
  if (error.code?.startsWith('ERR_')) {
    const e = new CryptoError(error.code as CryptoErrorCode, error.message);
    e.name = error.name;
    return e;
  }
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

export function workerPoolRunner<T extends Tasks>(o: WorkerPoolOptions): TaskRunner<T> {
  const pool = new Piscina<TaskMessage, TaskOutcome>({
    filename: new URL('./task-worker.ts', import.meta.url).href,
    minThreads: o.warm === false ? 0 : o.threads,
    maxThreads: o.threads,
    // Threads stay up: starting one loads the readers, which takes longer than most tasks.
    idleTimeout: 2 ** 31 - 1,
    workerData: { module: o.module.href, exportName: o.exportName },
    resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb },
  });
  const tooComplex = () => new AppError('ERR_DOCUMENT_TOO_COMPLEX', `reading the document took longer than ${o.taskTimeoutMs} ms or more memory than allowed`);
  const busy = (why: string) => new AppError('ERR_BUSY', why);
  // Counted here rather than by the pool's own queue limit, whose capacity depends on how its
  // threads happen to be spread.
  let pending = 0;

  return {
    async run(task, input, transfer = []) {
      if (pending >= o.threads + o.maxQueue) throw busy('too many documents are waiting to be read');
      pending++;
      const controller = new AbortController();
      const { port1, port2 } = new MessageChannel();
      let running = false;
      let timer = setTimeout(() => controller.abort(), o.queueTimeoutMs);
      port1.once('message', () => {
        running = true;
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(), o.taskTimeoutMs);
      });
      let out: TaskOutcome;
      try {
        out = await pool.run({ task, input, started: port2 }, { signal: controller.signal, transferList: [port2, ...transfer] });
      } catch (e) {
        const err = e as { name?: string; message?: string; code?: string };
        if (err?.name === 'AbortError') throw running ? tooComplex() : busy(`no thread was free within ${o.queueTimeoutMs} ms`);
        if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') throw tooComplex();
        throw e;
      } finally {
        pending--;
        clearTimeout(timer);
        port1.close();
      }
      if (out.ok) return out.value as never;
      throw rebuilt(out.error);
    },
    close: () => pool.destroy(),
  };
}
