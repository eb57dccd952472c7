// The HTTP SMS gateway adapter against a local gateway: signed JSON posts, failures reported as
// the store being unavailable, and the container choosing it when SMS_GATEWAY_URL is set.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSmsSender } from '../../src/adapters/sms/http-sms-sender.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { sendSmsCode } from '../../src/services/identity/send-sms-code.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService } from '../support/oidc-service.ts';

const SECRET = 'gateway shared secret 1';

describe('HTTP SMS gateway', () => {
  let server: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => { body += d.toString(); });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (status === 0) return; // never answers
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('posts the message signed with the shared secret', async () => {
    received.length = 0;
    await new HttpSmsSender({ url, secret: SECRET }).send('13800000001', '验证码 123456');
    const [got] = received;
    expect(JSON.parse(got?.body as string)).toEqual({ phone: '13800000001', text: '验证码 123456' });
    const ts = got?.headers['x-yinxin-timestamp'] as string;
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    expect(got?.headers['x-yinxin-signature']).toBe(createHmac('sha256', SECRET).update(`${ts}.${got?.body}`).digest('hex'));
    expect(JSON.stringify(got?.headers)).not.toContain(SECRET);
  });

  it('reports a refusal or silence as the store being unavailable', async () => {
    status = 500;
    await expect(new HttpSmsSender({ url, secret: SECRET }).send('13800000001', 'x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE', details: { status: 500 } });
    status = 0;
    await expect(new HttpSmsSender({ url, secret: SECRET, timeoutMs: 200 }).send('13800000001', 'x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    status = 200;
    await expect(new HttpSmsSender({ url: 'http://127.0.0.1:1/none', secret: SECRET }).send('13800000001', 'x')).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
  });

  it('is the sender the service uses when SMS_GATEWAY_URL is set', async () => {
    received.length = 0;
    const svc = await startOidcService({ SMS_GATEWAY_URL: url, SMS_GATEWAY_SECRET: SECRET });
    try {
      expect(svc.container.identity.sms).toBeInstanceOf(HttpSmsSender);
      await createAccount(svc.container.identity, { kind: 'citizen', name: '短信', idNumber: residentId(81), phone: '13800000002', assurance: 'L1' }, { id: 'system:test', kind: 'system' });
      await sendSmsCode(svc.container.identity, '13800000002', { clientIp: '10.0.0.9', requestId: null });
      expect(JSON.parse(received[0]?.body as string)).toMatchObject({ phone: '13800000002', text: expect.stringMatching(/\d{6}/) });
    } finally {
      await svc.stop();
    }
  });
});
