// The real service on a port known before it starts, so that its issuer URL is right, with the
// container at hand for registering apps and accounts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import type { Container } from '../../src/container.ts';
import { startService } from '../../src/main.ts';

export interface OidcTestService {
  url: string;
  issuer: string;
  container: Container;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startOidcService(env: Record<string, string> = {}): Promise<OidcTestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yinxin-oidc-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATA_DIR: dataDir, KEYS_DIR: join(dataDir, 'keys'), PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'silent',
    AUDIT_CHECKPOINT_INTERVAL_S: '0', ...env,
  });
  const service = await startService(config);
  return {
    url,
    issuer: `${url}/oidc`,
    container: service.container,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test app's own endpoint: it answers every request and keeps the back-channel logout tokens sent to `/backchannel`. */
export async function startTestRelyingParty(): Promise<{ url: string; logoutTokens: string[]; close(): Promise<void> }> {
  const port = await freePort();
  const logoutTokens: string[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      if (req.url === '/backchannel') logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, logoutTokens, close: () => new Promise((r) => server.close(() => r())) };
}
