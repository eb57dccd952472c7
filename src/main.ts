// Boot: load config → build container → listen; stop gracefully on SIGTERM/SIGINT.
import cluster from 'node:cluster';
import { ConfigError, loadConfig, redactConfig } from './config/load.ts';
import { needlesFor, redactText } from './config/redact.ts';
import { SM2_ENGINE } from './crypto/sm2.ts';
import type { Config } from './config/schema.ts';
import { createContainer, createHttpApp } from './container.ts';
import type { Container } from './container.ts';
import { listen } from './http/server.ts';

export interface RunningService {
  port: number;
  /** What the service runs on, for operator commands and tests in the same process. */
  container: Container;
  stop(): Promise<void>;
}

/** How long a worker answers with `Connection: close` before it stops taking connections. */
const WORKER_DRAIN_MS = 1_000;

export async function startService(config: Config = loadConfig()): Promise<RunningService> {
  // The reference SM2 engine is for development and tests: its mod-n arithmetic is not constant
  // time, so production runs only on the native engine that `npm ci` compiles.
  if (config.env === 'production' && SM2_ENGINE !== 'native') {
    throw new ConfigError([`the native SM2 engine is not built (engine in use: ${SM2_ENGINE}); run npm ci with a C compiler`]);
  }
  const c = await createContainer(config);
  if (config.devDefaults.length) {
    c.logger.warn({ settings: config.devDefaults }, 'unsafe development defaults in use; set them before production');
  }
  let stopping = false;
  const app = createHttpApp(c, () => stopping);
  const server = await listen(app, config.host, config.port);
  c.logger.info({ config: redactConfig(config), port: server.port, pid: process.pid, sm2Engine: SM2_ENGINE }, 'yinxin listening');
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      c.logger.info('shutting down: finishing in-flight requests');
      if (cluster.isWorker) {
        // A worker being replaced still gets connections for a moment, and its clients' kept-alive
        // connections may carry a request at the instant they would be closed. Answering with
        // `Connection: close` for a short while first moves those clients to fresh connections,
        // which the primary gives to the other workers once this one closes.
        await new Promise((r) => setTimeout(r, Math.min(WORKER_DRAIN_MS, config.shutdownTimeoutMs / 2)));
      }
      await server.close(config.shutdownTimeoutMs);
      await c.close();
      c.logger.info('stopped');
    })();
    return stopped;
  };
  return { port: server.port, container: c, stop };
}

const SHUTDOWN_MARGIN_MS = 5_000;

/** Run until SIGTERM or SIGINT, then stop gracefully and exit 0. Resolves with the running service once it listens. */
export async function runUntilSignalled(): Promise<RunningService> {
  const config = loadConfig();
  const service = await startService(config);
  const onSignal = () => {
    // Past the drain time and a margin for closing pools, the process goes anyway: a stop that
    // hangs on a dead database must not leave it running.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + SHUTDOWN_MARGIN_MS).unref();
    service.stop().then(() => process.exit(0), (e: unknown) => {
      console.error('shutdown failed:', redactText(e instanceof Error ? e.message : String(e), needlesFor(config.secretValues())));
      process.exit(1);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return service;
}
