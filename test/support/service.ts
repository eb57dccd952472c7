// Start the real service in-process on an ephemeral port, with its own data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { startService } from '../../src/main.ts';
import { freshMysqlDatabase } from './services.ts';
import { startTcpProxy } from './tcp-proxy.ts';
import type { TcpProxy } from './tcp-proxy.ts';

export interface TestService {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yinxin-svc-'));
  const config = loadConfig({ DATA_DIR: dataDir, KEYS_DIR: join(dataDir, 'keys'), PORT: '0', LOG_LEVEL: 'silent', ...env });
  const service = await startService(config);
  return {
    url: `http://127.0.0.1:${service.port}`,
    dataDir,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The service on a fresh MariaDB database reached through a TCP proxy that a test can cut. */
export interface ServiceBehindProxy {
  svc: TestService;
  proxy: TcpProxy;
  /** Stop the service and the proxy, and drop the database. */
  close(): Promise<void>;
}

export async function startServiceBehindProxy(mysqlUrl: string): Promise<ServiceBehindProxy> {
  const base = new URL(mysqlUrl);
  const db = await freshMysqlDatabase(mysqlUrl);
  const proxy = await startTcpProxy(base.hostname, Number(base.port || 3306));
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  const svc = await startTestService({ DATABASE_URL: viaProxy.toString(), MIGRATE_ON_START: 'true' });
  return {
    svc,
    proxy,
    async close() {
      await svc.stop();
      await proxy.close();
      await db.drop();
    },
  };
}
