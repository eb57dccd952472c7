// The entry of each pool thread: loads the task module named by the pool once, at start, and
// runs one task per call. Errors travel back as plain data (structured cloning keeps only an
// error's message), so the pool can rebuild them with their codes. Large byte arrays of a result
// move to the calling thread rather than being copied there (copying 20 MB holds it for tens of
// milliseconds).
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';

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

/** Below this, copying costs less than it matters. */
const MOVE_FROM_BYTES = 64 * 1024;

/**
 * The buffers of the result's large byte arrays (the result itself or its fields) that they own
 * whole: a view into a buffer shared with others (Buffer's pool) is copied, never taken from
 * this thread. The task is over, so nothing here uses them again.
 */
function movable(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const consider = (v: unknown) => {
    if (v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength && v.byteLength >= MOVE_FROM_BYTES) found.add(v.buffer);
  };
  consider(value);
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) consider(v);
  return [...found];
}

/** The outcome, with the buffers to move beside it as piscina expects them. */
function outcome(value: unknown): TaskOutcome {
  const ok: TaskOutcome = { ok: true, value };
  const buffers = movable(value);
  if (buffers.length === 0) return ok;
  return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: ok } as never) as never;
}

export default async function run(msg: TaskMessage): Promise<TaskOutcome> {
  msg.started.postMessage(true);
  msg.started.close();
  const task = tasks[msg.task];
  if (task === undefined) return { ok: false, error: { name: 'Error', message: `no task ${msg.task}` } };
  try {
    return outcome(await task(msg.input));
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
