// The database goes away mid-run: requests that need it answer 503 with a code, the process
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
});
