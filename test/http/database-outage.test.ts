// The database goes away mid-run, or goes silent (connections accepted, never answered): requests
// that need it answer 503 with a code within seconds, verification says CANNOT_CONFIRM, the process
// keeps running, /readyz says not ready, and service resumes without a restart when it returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMysqlUrl } from '../support/services.ts';
import type { TcpProxy } from '../support/tcp-proxy.ts';
import { startServiceBehindProxy } from '../support/service.ts';
import type { ServiceBehindProxy, TestService } from '../support/service.ts';

describe.runIf(testMysqlUrl)('database outage on MariaDB', () => {
  let proxy: TcpProxy;
  let svc: TestService;
  let running: ServiceBehindProxy | undefined;
  beforeAll(async () => {
    running = await startServiceBehindProxy(testMysqlUrl as string);
    ({ svc, proxy } = running);
  });
  afterAll(async () => running?.close());

  it('answers 503 with a code while the database is down and recovers after', async () => {
    expect((await fetch(`${svc.url}/api/audit/head`)).status).toBe(200);

    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${svc.url}/api/audit/head`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'ERR_STORE_UNAVAILABLE', message: expect.any(String) } });
    }
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { database: 'down' }, error: { code: 'ERR_NOT_READY' } });
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`${svc.url}/api/audit/head`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('answers within 5 s while the database is silent, and recovers after', async () => {
    const timed = async (path: string, init?: RequestInit) => {
      const t0 = performance.now();
      const res = await fetch(`${svc.url}${path}`, init);
      const body = await res.json() as Record<string, unknown>;
      return { status: res.status, body, ms: performance.now() - t0 };
    };
    expect((await timed('/api/audit/head')).status).toBe(200);

    proxy.silence();
    // In parallel, as the silent server holds connections of the pool.
    const [head, verify, ready] = await Promise.all([
      timed('/api/audit/head'),
      timed('/api/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'AAAAAAAAAAAAAAAA' }) }),
      timed('/readyz'),
    ]);
    expect([head.status, head.body]).toEqual([503, { error: { code: 'ERR_STORE_UNAVAILABLE', message: expect.any(String) } }]);
    expect([verify.status, (verify.body.verdict as { result: string }).result]).toEqual([503, 'CANNOT_CONFIRM']);
    expect(ready.status).toBe(503);
    for (const r of [head, verify, ready]) expect(r.ms).toBeLessThan(5000);
    const again = await timed('/api/audit/head');
    expect([again.status, again.ms < 5000]).toEqual([503, true]);

    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`${svc.url}/api/audit/head`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await timed('/readyz')).status).toBe(200);
  }, 60_000);
});
