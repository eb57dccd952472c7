// The QR code of an issued licence, read back as a phone would: the PDF downloaded from the
// staff API is rendered by poppler and decoded by jsQR; it holds exactly `<publicUrl>/v/<handle>`
// of that licence (no personal data), and that link answers VALID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePdfQr } from '../support/qr-from-pdf.ts';
import { startOidcService } from '../support/oidc-service.ts';
import { skipWithout } from '../support/tools.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, licenceWorld } from './licence-world.ts';

const BUSINESS = '11100000000013338W011';

describe.skipIf(skipWithout('a licence QR code read back from its PDF', 'pdftoppm'))('a licence QR code', () => {
  let svc: OidcTestService;
  let staff: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const world = await licenceWorld(svc.container);
    staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('decodes to the verification link of that licence, which answers VALID', async () => {
    const auth = { authorization: `Bearer ${staff}` };
    const issued = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'qr-decode-0001' },
      body: JSON.stringify({ typeCode: BUSINESS, data: {
        creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
        legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
        businessScope: '一般项目：技术服务、技术开发；软件开发。', address: '浙江省杭州市西湖区文三路100号',
      } }),
    });
    expect(issued.status).toBe(201);
    const { licence } = await issued.json() as { licence: { id: string; identifier: string; verificationUrl: string } };
    const handle = (await svc.container.licences.store.findById(licence.id))!.handle;
    expect(licence.verificationUrl).toBe(`${svc.url}/v/${handle}`);

    const pdf = new Uint8Array(await (await fetch(`${svc.url}/api/licences/${licence.id}/pdf`, { headers: auth })).arrayBuffer());
    const decoded = decodePdfQr(pdf, 200);
    expect(decoded).toBe(`${svc.url}/v/${handle}`);
    expect(decoded).not.toMatch(/9133|张|杭州|%E/);

    const scanned = await fetch(decoded!, { headers: { accept: 'application/json' } });
    expect(scanned.status).toBe(200);
    const body = await scanned.json() as { verdict: { result: string }; licence?: { identifier?: string } };
    expect(body.verdict.result).toBe('VALID');
    expect(JSON.stringify(body)).toContain(licence.identifier);
  }, 60_000);
});
