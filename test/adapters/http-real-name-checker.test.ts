// The HTTP real-name checker against a local stand-in for the province's service: signed JSON
// posts, match and mismatch answers, and every other answer reported as unavailable.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpRealNameChecker } from '../../src/adapters/real-name/http-real-name-checker.ts';
import { realNameChecker } from '../../src/adapters/real-name/real-name-checker.ts';
import { loadConfig } from '../../src/config/load.ts';

const SECRET = 'province shared secret';
const PEOPLE = new Map([['330106199006150036', '王五']]);

describe('HTTP real-name checker', () => {
  let server: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let mode: 'ok' | 'status' | 'garbage' | 'silent' = 'ok';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (mode === 'silent') return;
        if (mode === 'status') return void res.writeHead(502).end();
        if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"match":"yes"}');
        const { name, idNumber } = JSON.parse(body) as { name: string; idNumber: string };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ match: PEOPLE.get(idNumber) === name }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/check`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the name and number signed with the shared secret and reads the answer', async () => {
    received.length = 0;
    mode = 'ok';
    const checker = new HttpRealNameChecker({ url, secret: SECRET });
    expect(await checker.check('王五', '330106199006150036')).toBe(true);
    expect(await checker.check('王六', '330106199006150036')).toBe(false);
    const [got] = received;
    expect(JSON.parse(got?.body as string)).toEqual({ name: '王五', idNumber: '330106199006150036' });
    const ts = got?.headers['x-yinxin-timestamp'] as string;
    expect(got?.headers['x-yinxin-signature']).toBe(createHmac('sha256', SECRET).update(`${ts}.${got?.body}`).digest('hex'));
    expect(JSON.stringify(got?.headers)).not.toContain(SECRET);
  });

  it('reports another status, a body without a yes or no, silence or no server as unavailable', async () => {
    for (const m of ['status', 'garbage'] as const) {
      mode = m;
      await expect(new HttpRealNameChecker({ url, secret: SECRET }).check('王五', '330106199006150036')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    }
    mode = 'silent';
    await expect(new HttpRealNameChecker({ url, secret: SECRET, timeoutMs: 200 }).check('王五', '330106199006150036')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(new HttpRealNameChecker({ url: 'http://127.0.0.1:1/none', secret: SECRET }).check('王五', '330106199006150036')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    mode = 'ok';
  });

  it('is chosen by REAL_NAME_URL; the development register never serves production', async () => {
    const base = { DATA_DIR: '/tmp/yinxin-rn', KEYS_DIR: '/tmp/yinxin-rn/keys' };
    expect(realNameChecker(loadConfig({ ...base, REAL_NAME_URL: url, REAL_NAME_SECRET: SECRET }))).toBeInstanceOf(HttpRealNameChecker);
    expect(await realNameChecker(loadConfig(base)).check('王五', '330106199006150036')).toBe(true);
    expect(() => loadConfig({ ...base, REAL_NAME_URL: url })).toThrow(/REAL_NAME_SECRET/);
    const prod = { ...base, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'sqlite:/tmp/x.db', KEK: 'k1:AAAA', PUBLIC_URL: 'https://id.example.gov.cn', SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_SECRET: SECRET };
    expect(() => loadConfig({ ...prod, REAL_NAME_REGISTER: '/tmp/people.json' })).toThrow(/REAL_NAME_REGISTER/);
    await expect(realNameChecker(loadConfig(prod)).check('王五', '330106199006150036')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });
});
