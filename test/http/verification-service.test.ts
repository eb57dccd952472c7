// The verification routes in the running service: wired into the application, receipts signed
// by a key made on first use under the pinned root, and fail closed when the database goes away
// (on MariaDB behind a TCP proxy that the test cuts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/domain/verdict.ts';
import type { VerificationReceipt } from '../../src/domain/verification-receipt.ts';
import { fromPem } from '../../src/crypto/asn1/pem.ts';
import { verify } from '../../src/crypto/sm2.ts';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate.ts';
import { testMysqlUrl } from '../support/services.ts';
import type { TcpProxy } from '../support/tcp-proxy.ts';
import { startServiceBehindProxy, startTestService } from '../support/service.ts';
import type { ServiceBehindProxy, TestService } from '../support/service.ts';

interface Answer { verdict: Verdict; receipt: VerificationReceipt | null; error?: { code: string } }
const FORGED = 'ZZZZZZZZZZZZZZZZ';

describe('verification in the service', () => {
  let svc: TestService;
  beforeAll(async () => { svc = await startTestService(); }, 60_000);
  afterAll(async () => svc?.stop());

  it('answers /v/:handle and /api/verify with a verdict and a receipt chained to the pinned root', async () => {
    const res = await fetch(`${svc.url}/v/${FORGED}`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Answer;
    expect(body.verdict.result).toBe('NOT_FOUND');
    const chain = body.receipt!.certificateChain.map((c) => Buffer.from(c, 'base64'));
    const root = fromPem(readFileSync(join(svc.dataDir, 'keys', 'platform-root-ca.pem'), 'utf8'), 'CERTIFICATE');
    expect(chain[chain.length - 1]!.equals(Buffer.from(root))).toBe(true);
    expect(verify(parseCertificate(chain[0]!).publicKey, Buffer.from(body.receipt!.payload), Buffer.from(body.receipt!.signature, 'base64'))).toBe(true);
    const page = await fetch(`${svc.url}/verify`);
    expect(page.status).toBe(200);
    const api = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: 'not a pdf' });
    expect(api.status).toBe(422);
  });
});

describe.runIf(testMysqlUrl)('verification while the database is down (MariaDB)', () => {
  let proxy: TcpProxy;
  let svc: TestService;
  let running: ServiceBehindProxy | undefined;
  beforeAll(async () => {
    running = await startServiceBehindProxy(testMysqlUrl as string);
    ({ svc, proxy } = running);
  }, 60_000);
  afterAll(async () => running?.close());

  it('says CANNOT_CONFIRM (503, Retry-After) while the database is away, never anything else, and recovers', async () => {
    const ask = () => fetch(`${svc.url}/v/${FORGED}`, { headers: { accept: 'application/json' } });
    expect((await ask()).status).toBe(404);
    await proxy.cut();
    for (let i = 0; i < 2; i++) {
      const res = await ask();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('30');
      const body = (await res.json()) as Answer;
      expect(body.verdict).toMatchObject({ result: 'CANNOT_CONFIRM', colour: 'amber', statusAsOf: null });
    }
    const page = await fetch(`${svc.url}/v/${FORGED}`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('data-result="CANNOT_CONFIRM"');
    await proxy.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 404; i++) {
      status = (await ask()).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(404);
  }, 60_000);
});
