// The licence API end to end over HTTP with real yinxin tokens: an issuer issues (a retry with
// the same Idempotency-Key returns the same licence), downloads the sealed PDF (it verifies),
// suspends, resumes and renews; a company signs in as holder, lists its licences, shares one,
// and the share's code resolves with only the chosen fields in full until it is revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrustAnchors } from '../../src/adapters/keys/trust-anchor-file.ts';
import { isValidShareCode } from '../../src/domain/licence-share.ts';
import { verifyPdfSignatures } from '../../src/pdf/verify.ts';
import { resolveShare } from '../../src/services/licences/resolve-share.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, ISSUER, licenceWorld } from './licence-world.ts';

const BUSINESS = '11100000000013338W011';
const business = (over: Record<string, unknown> = {}) => ({
  creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
  legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
  businessScope: '一般项目：技术服务、技术开发、技术咨询；软件开发。', address: '浙江省杭州市西湖区文三路100号', ...over,
});

interface Json { [k: string]: any } // eslint-disable-line @typescript-eslint/no-explicit-any

describe('licences over HTTP', () => {
  let svc: OidcTestService;
  let world: Awaited<ReturnType<typeof licenceWorld>>;
  let staff: string;
  let holder: string;
  let licenceId: string;

  const call = async (path: string, token: string | null, init: { method?: string; body?: unknown; raw?: string; key?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
    if (init.key !== undefined) headers['idempotency-key'] = init.key;
    const res = await fetch(`${svc.url}${path}`, {
      method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'), headers,
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, json: type.includes('json') ? await res.json() as Json : {}, bytes: type.includes('pdf') || type.includes('ofd') ? new Uint8Array(await res.arrayBuffer()) : null };
  };

  beforeAll(async () => {
    svc = await startOidcService();
    world = await licenceWorld(svc.container);
    staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    holder = await apiToken(svc.url, world.appId, COMPANY_CODE, 'holder');
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('issues once per Idempotency-Key: the retry returns the same licence, another body under that key is refused', async () => {
    const body = { typeCode: BUSINESS, data: business() };
    const first = await call('/api/licences', staff, { body, key: 'issue-0001-abcdef' });
    expect(first.status).toBe(201);
    expect(first.json.licence).toMatchObject({ typeName: '营业执照', issuer: ISSUER, status: 'valid', statusCode: '01', validNow: true, version: 1 });
    expect(first.headers.get('location')).toBe(`/api/licences/${first.json.licence.id}`);
    licenceId = first.json.licence.id;
    const again = await call('/api/licences', staff, { body, key: 'issue-0001-abcdef' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ replayed: true, licence: { id: licenceId, identifier: first.json.licence.identifier } });
    const other = await call('/api/licences', staff, { body: { ...body, data: business({ address: '浙江省杭州市西湖区文三路200号' }) }, key: 'issue-0001-abcdef' });
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({ code: 'ERR_LICENCE_KEY_REUSED', issues: [{ path: ['idempotencyKey'], code: 'key_reused' }] });
    expect(Number((await svc.container.knex('licences').count({ n: '*' }))[0]!.n)).toBe(1);
  });

  it('reads the licence with its data and history, and downloads the sealed PDF, which verifies', async () => {
    const read = await call(`/api/licences/${licenceId}`, staff);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ data: { legalRepresentative: '张三丰' }, history: [{ kind: 'issue', toStatus: 'valid' }], successorId: null });
    const pdf = await call(`/api/licences/${licenceId}/pdf`, staff);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-disposition')).toContain(`${read.json.licence.identifier}.pdf`);
    const results = verifyPdfSignatures(pdf.bytes!, { anchors: readTrustAnchors(svc.container.config.keysDir), validationTime: new Date() });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ indication: 'TOTAL_PASSED', fieldName: 'LicenceSeal', modifiedAfterSigning: false });
  });

  it('suspends and resumes with a reason; a step from the wrong status is refused with its code; renewal makes version 2', async () => {
    const suspended = await call(`/api/licences/${licenceId}/suspend`, staff, { body: { reason: '涉嫌违法经营，暂扣' } });
    expect(suspended.status).toBe(200);
    expect(suspended.json).toMatchObject({ from: 'valid', to: 'suspended', licence: { status: 'suspended', statusCode: '02', validNow: false } });
    const twice = await call(`/api/licences/${licenceId}/suspend`, staff, { body: { reason: '再次暂扣' } });
    expect(twice.status).toBe(409);
    expect(twice.json.error).toMatchObject({ code: 'ERR_LICENCE_TRANSITION', issues: [{ path: ['action'], code: 'transition_not_allowed' }] });
    const resumed = await call(`/api/licences/${licenceId}/resume`, staff, { body: { reason: '整改完成，发还' } });
    expect(resumed.json).toMatchObject({ to: 'valid' });
    const renewed = await call(`/api/licences/${licenceId}/renew`, staff, { body: { reason: '延续' }, key: 'renew-0001-abcdef' });
    expect(renewed.status).toBe(201);
    expect(renewed.json.licence).toMatchObject({ version: 2, previousId: licenceId, status: 'valid' });
    const old = await call(`/api/licences/${licenceId}`, staff);
    expect(old.json).toMatchObject({ licence: { status: 'superseded', statusCode: '99' }, successorId: renewed.json.licence.id });
    expect(old.json.history.map((e: Json) => e.kind)).toEqual(['issue', 'suspend', 'resume', 'supersede']);
    licenceId = renewed.json.licence.id;
  });

  it('lets the holder list, read and download their licences, share one, see who looked, and revoke the share', async () => {
    const list = await call('/api/holder/licences', holder);
    expect(list.status).toBe(200);
    expect(list.json.licences.map((l: Json) => [l.version, l.status])).toEqual([[2, 'valid'], [1, 'superseded']]);
    const one = await call(`/api/holder/licences/${licenceId}`, holder);
    expect(one.json).toMatchObject({ licence: { id: licenceId }, data: { legalRepresentative: '张三丰' } });
    expect(one.json.fields.find((f: Json) => f.field === 'legalRepresentative')).toMatchObject({ disclosure: 'masked', shareable: true });
    const pdf = await call(`/api/holder/licences/${licenceId}/pdf`, holder);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(pdf.bytes!.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const ofd = await call(`/api/holder/licences/${licenceId}/ofd`, holder);
    expect(ofd.status).toBe(200);
    expect(ofd.headers.get('content-type')).toContain('application/ofd');
    expect(ofd.headers.get('content-disposition')).toMatch(/\.ofd"$/);
    expect(Buffer.from(ofd.bytes!.subarray(0, 2)).toString('latin1')).toBe('PK');
    const upload = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/ofd', accept: 'application/json' }, body: ofd.bytes! });
    expect(((await upload.json()) as Json).verdict).toMatchObject({ result: 'VALID', subject: { kind: 'licence', identifier: one.json.licence.identifier } });

    const created = await call(`/api/holder/licences/${licenceId}/shares`, holder, { body: { fields: ['name', 'legalRepresentative'], purpose: '银行开户', lifetimeSeconds: 3600 } });
    expect(created.status).toBe(201);
    const share = created.json.share;
    expect(isValidShareCode(share.code)).toBe(true);
    expect(share).toMatchObject({ state: 'active', fields: ['name', 'legalRepresentative'], purpose: '银行开户', accesses: [] });
    expect(share.url).toMatch(new RegExp(`^${svc.url}/v/s/[A-Za-z0-9_-]{43}$`));

    const resolved = await resolveShare(svc.container.licences, share.code.toLowerCase(), { kind: 'public', clientIp: '203.0.113.9' });
    const byField = Object.fromEntries(resolved.fields.map((f) => [f.field, f]));
    expect(byField.legalRepresentative).toMatchObject({ value: '张三丰', masked: false });
    expect(byField.name).toMatchObject({ value: '杭州某某科技有限公司', masked: false });
    expect(byField.address!.masked).toBe(true);
    expect(byField.address!.value).not.toBe('浙江省杭州市西湖区文三路100号');
    expect(resolved.fields.filter((f) => !f.masked).map((f) => f.field).sort()).toEqual(['legalRepresentative', 'name']);
    const byLink = await resolveShare(svc.container.licences, share.url.split('/').pop(), { kind: 'app', name: 'bank-verifier' });
    expect(byLink.licence.id).toBe(licenceId);

    const shares = await call(`/api/holder/licences/${licenceId}/shares`, holder);
    expect(shares.json.shares[0].accesses).toMatchObject([{ verifierKind: 'public', clientIpMasked: '203.0.*.*' }, { verifierKind: 'app', verifier: 'bank-verifier' }]);

    // The share link itself, as a verifier's browser or system opens it.
    const viaLink = await fetch(share.url, { headers: { accept: 'application/json' } });
    expect(viaLink.status).toBe(200);
    expect(((await viaLink.json()) as { verdict: { result: string } }).verdict.result).toBe('VALID');
    expect((await fetch(share.url)).headers.get('content-type')).toContain('text/html');

    const revoked = await call(`/api/holder/shares/${share.id}/revoke`, holder, { method: 'POST' });
    expect(revoked.json.share).toMatchObject({ state: 'revoked' });
    const afterRevoke = await fetch(share.url, { headers: { accept: 'application/json' } });
    expect(((await afterRevoke.json()) as { verdict: { result: string } }).verdict.result).toBe('SHARE_EXPIRED');
    await expect(resolveShare(svc.container.licences, share.code)).rejects.toMatchObject({ code: 'ERR_LICENCE_SHARE_EXPIRED', details: { issues: [{ code: 'share_revoked' }] } });
  });

  it('answers bad input and wrong callers with clear codes, never a 500', async () => {
    const k = (n: number) => `bad-input-${n}-xyz`;
    const issue = (body: unknown, token = staff, key: string | null = k(Math.random())) => call('/api/licences', token, { body, ...(key === null ? {} : { key }) });
    const cases: [Promise<{ status: number; json: Json }>, number, string, string?][] = [
      [issue({ typeCode: '11100000000013338W999', data: business() }), 400, 'ERR_VALIDATION', 'typeCode:unknown_template'],
      [issue({ typeCode: BUSINESS, data: business({ name: undefined }) }), 400, 'ERR_VALIDATION', 'data.name:required'],
      [issue({ typeCode: BUSINESS, data: business({ creditCode: '91330100MA2A00001X' }) }), 400, 'ERR_VALIDATION', 'data.creditCode'],
      [issue({ typeCode: BUSINESS, data: business(), issuer: ISSUER }), 400, 'ERR_VALIDATION', 'issuer'],
      [issue({ typeCode: BUSINESS, data: business() }, staff, null), 400, 'ERR_VALIDATION', 'Idempotency-Key:bad_key'],
      [call('/api/licences', staff, { raw: '{"typeCode":', key: k(1) }), 400, 'ERR_VALIDATION'],
      [call(`/api/licences/${licenceId}/revoke`, staff, { body: { reason: '' } }), 400, 'ERR_VALIDATION', 'reason'],
      [call(`/api/licences/${licenceId}/revoke`, staff, { body: { reason: '吊销', effectiveAt: 'yesterday' } }), 400, 'ERR_VALIDATION', 'effectiveAt'],
      [call(`/api/licences/${licenceId}/revoke`, staff, { body: { reason: '吊销', effectiveAt: '2099-01-01T00:00:00Z' } }), 400, 'ERR_VALIDATION', 'effectiveAt:in_future'],
      [call('/api/licences/lic_nope', staff), 404, 'ERR_NOT_FOUND'],
      [call('/api/licences/lic_AAAAAAAAAAAAAAAAAAAAAA', staff), 404, 'ERR_NOT_FOUND'],
      [call('/api/licences', null, { body: {}, key: k(2) }), 401, 'ERR_UNAUTHENTICATED'],
      [call('/api/licences', 'x'.repeat(43), { body: {}, key: k(3) }), 401, 'ERR_UNAUTHENTICATED'],
      [call('/api/holder/licences', staff), 403, 'ERR_FORBIDDEN'],
      [call('/api/licences', holder, { body: {}, key: k(4) }), 403, 'ERR_FORBIDDEN'],
      [call(`/api/holder/licences/${licenceId}/shares`, holder, { body: { fields: ['nope'], purpose: '查验' } }), 400, 'ERR_VALIDATION', 'fields.0:unknown_field'],
      [call(`/api/holder/licences/${licenceId}/shares`, holder, { body: { fields: [], purpose: '查验', lifetimeSeconds: 8 * 86400 } }), 400, 'ERR_VALIDATION', 'lifetimeSeconds'],
      [call('/api/holder/shares/shr_AAAAAAAAAAAAAAAAAAAAAA/revoke', holder, { method: 'POST' }), 404, 'ERR_NOT_FOUND'],
    ];
    for (const [p, status, code, issue] of cases) {
      const res = await p;
      expect({ status: res.status, code: res.json.error?.code }).toEqual({ status, code });
      if (issue !== undefined) {
        const named = (res.json.error.issues as Json[]).map((i) => `${i.path.join('.')}:${i.code}`);
        expect(named.some((n) => n.startsWith(issue)), `${issue} in ${named.join(", ")}`).toBe(true);
      }
    }
  });

  it('refuses a clerk without the issuer role, another department, and other holders', async () => {
    const clerk = await apiToken(svc.url, world.appId, 'L002', 'licences');
    expect((await call('/api/licences', clerk, { body: { typeCode: BUSINESS, data: business() }, key: 'clerk-0001-abc' })).status).toBe(403);
    const other = await apiToken(svc.url, world.appId, 'L003', 'licences');
    const read = await call(`/api/licences/${licenceId}`, other);
    expect(read.status).toBe(403);
    expect(read.json.error.code).toBe('ERR_LICENCE_OTHER_ISSUER');
    expect((await call(`/api/licences/${licenceId}/revoke`, other, { body: { reason: '越权' } })).json.error.code).toBe('ERR_LICENCE_OTHER_ISSUER');
    const noSeal = await call('/api/licences', other, { body: { typeCode: BUSINESS, data: business() }, key: 'other-0001-abc' });
    expect(noSeal.json.error).toMatchObject({ code: 'ERR_VALIDATION', issues: [{ path: ['issuer', 'code'], code: 'no_licence_seal' }] });
    const otherHolder = await apiToken(svc.url, world.appId, '91330106MA2B000022', 'holder');
    expect((await call('/api/holder/licences', otherHolder)).json.licences).toEqual([]);
    expect((await call(`/api/holder/licences/${licenceId}`, otherHolder)).status).toBe(404);
    expect((await call(`/api/holder/licences/${licenceId}/pdf`, otherHolder)).status).toBe(404);
    expect((await call(`/api/holder/licences/${licenceId}/ofd`, otherHolder)).status).toBe(404);
  });
});
