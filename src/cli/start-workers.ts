// The primary of `yinxin start` with WORKERS > 1: N service processes on one port (node:cluster
// hands each new connection to one of them). It runs no service itself.
// Steps: start worker 1 and wait until it listens (it migrates an embedded database and makes
// first-start keys, so the others find them) → start the rest → on a worker's unrequested exit,
// start a replacement in its slot after a backoff → on SIGHUP replace the workers one at a time
// (start the new one, wait until it listens, then stop the old one gracefully) → on SIGTERM or
// SIGINT stop them all gracefully and exit.
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { createLogger } from '../adapters/log/json-logger.ts';
import { WORKER_SLOT_VAR } from '../config/load.ts';
import type { Config } from '../config/schema.ts';

/** Restart delays after crashes: doubling from the first up to the last, reset after a steady spell. */
const RESTART_FIRST_MS = 200;
const RESTART_MAX_MS = 10_000;
const STEADY_MS = 30_000;
const SHUTDOWN_MARGIN_MS = 5_000;

interface Slot {
  worker: Worker | undefined;
  crashes: number;
  startedAt: number;
}

/** Run the workers until SIGTERM/SIGINT; resolves with the exit code once they have all stopped. */
export function runWorkers(config: Config, logger: Logger = createLogger(config)): Promise<number> {
  const slots = new Map<number, Slot>();
  /** Workers asked to stop (a reload or shutdown): their exit is no crash. */
  const retiring = new Set<Worker>();
  let shuttingDown = false;
  /** Until every worker first listens, an exit fails the start instead of being restarted. */
  let started = false;
  let reloading: Promise<void> | undefined;

  const fork = (slot: number): Promise<Worker> => {
    const worker = cluster.fork({ [WORKER_SLOT_VAR]: String(slot) });
    const state = slots.get(slot) ?? { worker: undefined, crashes: 0, startedAt: 0 };
    slots.set(slot, { ...state, worker, startedAt: Date.now() });
    worker.on('exit', (code, signal) => onExit(slot, worker, code, signal));
    return listening(worker);
  };

  const onExit = (slot: number, worker: Worker, code: number | null, signal: string | null) => {
    if (retiring.delete(worker) || shuttingDown) return;
    if (!started) {
      // One that listened and then died while the others started: the start failed, as a single
      // process's would; the primary stops the rest and exits.
      logger.error({ worker: slot, pid: worker.process.pid, code, signal }, 'worker exited while the workers started');
      stopAll('start failed', 1);
      return;
    }
    const state = slots.get(slot) as Slot;
    if (state.worker !== worker) return;
    state.worker = undefined;
    const steady = Date.now() - state.startedAt > STEADY_MS;
    state.crashes = steady ? 1 : state.crashes + 1;
    const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** (state.crashes - 1));
    logger.error({ worker: slot, pid: worker.process.pid, code, signal, restartInMs: delay }, 'worker exited unexpectedly: restarting it');
    setTimeout(() => {
      if (!shuttingDown) fork(slot).catch((e: unknown) => logger.error({ worker: slot, err: String(e) }, 'replacement worker did not start'));
    }, delay);
  };

  const stopWorker = (worker: Worker): Promise<void> => {
    if (worker.isDead()) return Promise.resolve();
    retiring.add(worker);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // The worker's own SIGTERM handler drains its requests and closes its pools (main.ts).
    worker.process.kill('SIGTERM');
    return exited;
  };

  const reload = async () => {
    logger.info({ workers: config.workers }, 'reloading workers one at a time');
    for (const [slot, state] of [...slots.entries()].sort(([a], [b]) => a - b)) {
      if (shuttingDown) return;
      const old = state.worker;
      try {
        await fork(slot);
      } catch (e) {
        logger.error({ worker: slot, err: String(e) }, 'new worker did not start: keeping the old one, reload stopped');
        return;
      }
      if (old) await stopWorker(old);
    }
    logger.info('workers reloaded');
  };

  let stopAll: (why: string, code: number) => void = () => undefined;
  return new Promise<number>((resolve) => {
    stopAll = (why, code) => {
      if (shuttingDown) return;
      shuttingDown = true;
      logger.info({ why }, 'stopping all workers');
      setTimeout(() => {
        for (const { worker } of slots.values()) worker?.process.kill('SIGKILL');
        resolve(1);
      }, config.shutdownTimeoutMs + SHUTDOWN_MARGIN_MS).unref();
      const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      Promise.all(live.map(stopWorker)).then(() => resolve(code), () => resolve(1));
    };
    const shutdown = (signal: string) => stopAll(signal, 0);
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGHUP', () => {
      reloading ??= reload().finally(() => { reloading = undefined; });
    });
    start().catch((e: unknown) => {
      // A worker stopped by SIGTERM before it listened is no failure to start.
      if (shuttingDown) return;
      logger.error({ err: String(e) }, 'workers did not start');
      stopAll('start failed', 1);
    });
  });

  async function start(): Promise<void> {
    await fork(1);
    await Promise.all(Array.from({ length: config.workers - 1 }, (_, i) => fork(i + 2)));
    started = true;
    logger.info({ workers: config.workers, port: config.port, pid: process.pid }, 'yinxin workers listening');
  }
}

/** Resolves when the worker listens; rejects if it exits first. */
function listening(worker: Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`worker exited with code ${code} before it listened`));
    worker.once('exit', onExit);
    worker.once('listening', () => {
      worker.off('exit', onExit);
      resolve(worker);
    });
  });
}
