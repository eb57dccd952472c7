// The entry of each pool thread: loads the task module named by the pool once, at start, and
// runs one task per call. Errors travel back as plain data (structured cloning keeps only an
// error's message), so the pool can rebuild them with their codes.
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

interface PoolData {
  /** URL of the module that exports the tasks. */
  readonly module: string;
  /** The name of its export that maps task names to functions. */
  readonly exportName: string;
}

export interface TaskMessage {
  readonly task: string;
  readonly input: unknown;
  /** Told when the task starts, so that its time counts from then, not from joining the queue. */
  readonly started: MessagePort;
}

export type TaskOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { name: string; code?: string; message: string; details?: unknown } };

const data = workerData as PoolData;
const tasks = (await import(data.module))[data.exportName] as Record<string, (input: unknown) => unknown>;

function cloneable(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return undefined;
  }
}

export default async function run(msg: TaskMessage): Promise<TaskOutcome> {
  msg.started.postMessage(true);
  msg.started.close();
  const task = tasks[msg.task];
  if (task === undefined) return { ok: false, error: { name: 'Error', message: `no task ${msg.task}` } };
  try {
    return { ok: true, value: await task(msg.input) };
  } catch (e) {
    const err = e as { name?: unknown; code?: unknown; message?: unknown; details?: unknown };
    return {
      ok: false,
      error: {
        name: typeof err?.name === 'string' ? err.name : 'Error',
        ...(typeof err?.code === 'string' ? { code: err.code } : {}),
        message: typeof err?.message === 'string' ? err.message : String(e),
        ...(err?.details === undefined ? {} : { details: cloneable(err.details) }),
      },
    };
  }
}
