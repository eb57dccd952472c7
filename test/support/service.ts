// Start the real service in-process on an ephemeral port, with its own data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { startService } from '../../src/main.ts';

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
