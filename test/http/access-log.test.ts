// The access log: one line per request with the full path (under mounted routers too), never the
// query string, a body, or the token of a share link.
import { Writable } from 'node:stream';
import { Router } from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log/json-logger.ts';
import { createApp } from '../../src/http/app.ts';

describe('access log', () => {
  it('logs the full path only', async () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info', secretValues: () => [] }, new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
    const mounted = Router();
    mounted.post('/token', (_req, res) => { res.json({ ok: true }); });
    const outer = Router();
    outer.use('/oidc', mounted);
    outer.get('/v/s/:token', (_req, res) => { res.send('ok'); });
    const app = createApp({ logger, bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false, routers: [outer] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await fetch(`${base}/oidc/token?code=secret-code-1234`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"password":"body-password-99"}' });
      await fetch(`${base}/v/s/ShareToken-abcdefghijklmnop?x=1`);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const text = lines.join('');
    expect(text).toContain('"path":"/oidc/token"');
    expect(text).toContain('"path":"/v/s/[redacted]"');
    for (const secret of ['secret-code-1234', 'body-password-99', 'ShareToken-abcdefghijklmnop']) expect(text).not.toContain(secret);
  });
});
