// A browser that navigates to a page and meets an error gets a page, not JSON: what happened,
// what to do, and a reference that is in the access-log line of that request. API clients still
// get `{error: {code, message}}`.
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log/json-logger.ts';
import { AppError } from '../../src/domain/errors.ts';
import { createApp } from '../../src/http/app.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('HTML error pages', () => {
  it('shows a browser the error in words with the reference of its log line', async () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info', secretValues: () => [] }, new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
    const r = Router();
    r.get('/page', () => { throw new AppError('ERR_VALIDATION', 'bad'); });
    r.get('/broken', () => { throw new Error('database gone'); });
    const app = createApp({ logger, bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false, routers: [r] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((res) => server.once('listening', res));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/page`, { headers: { accept: BROWSER_ACCEPT, 'accept-language': 'en' } });
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('The request was not accepted');
      expect(html).toContain('Go back, check and try again');
      const ref = /id="error-ref">Reference: <code class="nowrap">([^<]+)</.exec(html)?.[1] as string;
      expect(ref).toMatch(/^[0-9a-f]{8}$/);
      const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request' && String(l.reqId).startsWith(ref));
      expect(line).toMatchObject({ path: '/page', status: 400 });

      const broken = await fetch(`${base}/broken`, { headers: { accept: BROWSER_ACCEPT } });
      expect(broken.status).toBe(500);
      const brokenHtml = await broken.text();
      expect(brokenHtml).toContain('平台暂时出现问题');
      expect(brokenHtml).not.toContain('database gone');

      const api = await fetch(`${base}/page`);
      expect(api.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await api.json()).toMatchObject({ error: { code: 'ERR_VALIDATION' } });
    } finally {
      await new Promise((res) => server.close(res));
    }
  });
});
