// The seal API end to end over HTTP with real yinxin access tokens: apply → approve (two-person
// rule) → grant → stamp with a one-time-password session → the returned PDF verifies; step-up
// challenges (RFC 9470), another organisation's seal, suspended and revoked seals, bad input —
// each a clear code, never a 500, and no seal use recorded for a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SES_Signature } from '../../src/crypto/ses/SES_Signature.ts';
import { sm3 } from '../../src/crypto/sm3.ts';
import { readFileSync } from 'node:fs';
import { makePdf } from '../pdf/fixtures.ts';
import { VERIFY_KINDS, fixtureUrl } from '../support/make-hostile-fixtures.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { sealDesk } from './seals-kit.ts';
import type { SealDesk } from './seals-kit.ts';
import type { VerificationOutcome } from '../../src/services/verification/verification-deps.ts';

interface SealJson { id: string; code: string | null; status: string; certificate: { pem: string } | null; image: { url: string } | null; granted: boolean }

describe('seal API', () => {
  let svc: OidcTestService;
  let desk: SealDesk;
  let pdf: Buffer;
  let onePage: Buffer;
  const tokens: Record<string, string> = {};
  let sealId: string;
  let grantId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    desk = await sealDesk(svc);
    pdf = await makePdf(2);
    onePage = await makePdf(1);
    for (const login of ['K001', 'P001', 'B001', 'C001', 'C002', 'F001']) tokens[login] = await desk.signIn(login);
  }, 60_000);
  afterAll(async () => svc?.stop());

  const call = (path: string, login: string | null, init: { method?: string; body?: unknown; pdf?: Uint8Array; type?: string } = {}) => {
    const headers: Record<string, string> = login ? { authorization: `Bearer ${tokens[login]}` } : {};
    let body: Uint8Array | string | undefined;
    if (init.pdf) {
      headers['content-type'] = init.type ?? 'application/pdf';
      body = init.pdf;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    return fetch(`${svc.url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  };
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  const uses = async () => (await svc.container.knex('seal_uses').count({ n: '*' }))[0]?.n;
  const stamp = (login: string, query: string, body: Uint8Array = pdf, id = sealId, type?: string) =>
    call(`/api/seals/${id}/stamp?${query}`, login, { pdf: body, ...(type ? { type } : {}) });
  const place = 'page=1&x=450&y=150&reason=%E5%90%88%E5%90%8C%E7%AD%BE%E8%AE%A2';

  it('applies for a seal; the applicant cannot approve it (two-person rule); another approver makes it', async () => {
    const own = await call('/api/seals', 'B001', { body: { kind: 'finance', owner: { kind: 'department', id: 'amr' } } });
    expect(own.status).toBe(201);
    const ownSeal = ((await own.json()) as { seal: SealJson }).seal;
    const self = await call(`/api/seals/${ownSeal.id}/approve`, 'B001', { body: { reason: '材料齐全' } });
    expect(self.status).toBe(403);
    expect(await errorCode(self)).toBe('ERR_SEAL_TWO_PERSON_RULE');

    const applied = await call('/api/seals', 'K001', { body: { kind: 'contract', owner: { kind: 'department', id: 'amr' }, validityYears: 3 } });
    expect(applied.status).toBe(201);
    const pending = ((await applied.json()) as { seal: SealJson }).seal;
    expect(pending).toMatchObject({ status: 'pending', code: null, certificate: null });
    sealId = pending.id;
    const notApprover = await call(`/api/seals/${sealId}/approve`, 'K001', { body: { reason: '材料齐全' } });
    expect(await errorCode(notApprover)).toBe('ERR_FORBIDDEN');
    const approved = await call(`/api/seals/${sealId}/approve`, 'P001', { body: { reason: '材料齐全' } });
    expect(approved.status).toBe(200);
    const seal = ((await approved.json()) as { seal: SealJson }).seal;
    expect(seal.status).toBe('active');
    expect(seal.code).toMatch(/^330100\d{7}$/);
    expect(seal.certificate?.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    const again = await call(`/api/seals/${sealId}/approve`, 'P001', { body: { reason: '再次' } });
    expect([again.status, await errorCode(again)]).toEqual([409, 'ERR_SEAL_TRANSITION']);
  });

  it('lists the organisation\'s seals, shows one with its history and image; another organisation gets a code', async () => {
    const list = (await (await call('/api/seals', 'K001')).json()) as { seals: SealJson[] };
    expect(list.seals.map((s) => s.id)).toContain(sealId);
    const one = await call(`/api/seals/${sealId}`, 'K001');
    const detail = (await one.json()) as { seal: SealJson; events: { to: string }[]; grants: unknown[] | null };
    expect(detail.events.map((e) => e.to)).toEqual(['pending', 'active']);
    expect(detail.grants).toEqual([]);
    const image = await call(detail.seal.image!.url, 'K001');
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const other = await call(`/api/seals/${sealId}`, 'F001');
    expect([other.status, await errorCode(other)]).toEqual([403, 'ERR_SEAL_OTHER_ORGANISATION']);
    expect(((await (await call('/api/seals', 'F001')).json()) as { seals: SealJson[] }).seals).toEqual([]);
  });

  it('grants the use of the seal to clerks of the organisation only', async () => {
    const g = await call(`/api/seals/${sealId}/grants`, 'K001', { body: { accountId: desk.ids.C001 } });
    expect(g.status).toBe(201);
    grantId = ((await g.json()) as { grant: { id: string; active: boolean } }).grant.id;
    expect((await call(`/api/seals/${sealId}/grants`, 'K001', { body: { accountId: desk.ids.C002 } })).status).toBe(201);
    const twice = await call(`/api/seals/${sealId}/grants`, 'K001', { body: { accountId: desk.ids.C001 } });
    expect([twice.status, await errorCode(twice)]).toEqual([409, 'ERR_CONFLICT']);
    const foreign = await call(`/api/seals/${sealId}/grants`, 'K001', { body: { accountId: desk.ids.F001 } });
    expect([foreign.status, await errorCode(foreign)]).toEqual([403, 'ERR_SEAL_OTHER_ORGANISATION']);
    const byClerk = await call(`/api/seals/${sealId}/grants`, 'C001', { body: { accountId: desk.ids.C002 } });
    expect([byClerk.status, await errorCode(byClerk)]).toEqual([403, 'ERR_FORBIDDEN']);
    const bad = await call(`/api/seals/${sealId}/grants`, 'K001', { body: { accountId: desk.ids.C002, expiresAt: 'tomorrow' } });
    expect([bad.status, await errorCode(bad)]).toEqual([400, 'ERR_VALIDATION']);
    const list = (await (await call('/api/seals', 'C001')).json()) as { seals: SealJson[] };
    expect(list.seals.find((s) => s.id === sealId)?.granted).toBe(true);
  });

  it('stamps a PDF for a granted clerk with a one-time-password session; the result verifies', async () => {
    const res = await stamp('C001', place);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const sealed = Buffer.from(await res.arrayBuffer());
    expect(sealed.subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(res.headers.get('x-seal-use-id')).toMatch(/^use_/);
    const report = await svc.container.seals.verifyPdf(sealed);
    expect(report.indication).toBe('TOTAL_PASSED');
    const viaApi = await call('/api/seals/verify', 'F001', { pdf: sealed });
    expect(viaApi.status).toBe(200);
    const json = (await viaApi.json()) as VerificationOutcome;
    expect(json.verdict.result).toBe('VALID');
    expect(json.verdict.checks.map((c) => c.code)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_NOT_APPLICABLE', 'DATES_NOT_APPLICABLE']);
    expect(json.verdict.subject).toMatchObject({ kind: 'document', documentSm3: Buffer.from(sm3(sealed)).toString('hex') });
    expect(json.verdict.subject?.seals).toEqual([{ name: '某市市场监督管理局合同专用章', code: expect.stringMatching(/^\d{13}$/), signedAt: expect.any(String) }]);
    expect(json.receipt?.payload).toContain('"result":"VALID"');
    expect(await uses()).toBe(1);

    // Bytes after the signed revision that are no incremental update: the file as presented is
    // not what was signed, for the seal API as for the public verification, in the same verdict.
    const junked = Buffer.concat([sealed, Buffer.from('\n% appended after signing\n', 'latin1')]);
    const junkApi = (await (await call('/api/seals/verify', 'F001', { pdf: junked })).json()) as VerificationOutcome;
    expect(junkApi.verdict.result).toBe('TAMPERED');
    expect(junkApi.verdict.checks.map((c) => c.code)).toEqual(['INTEGRITY_CHANGED_AFTER_SEALING', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_NOT_APPLICABLE', 'DATES_NOT_APPLICABLE']);
    const junkPublic = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf', accept: 'application/json' }, body: junked });
    const publicVerdict = ((await junkPublic.json()) as VerificationOutcome).verdict;
    expect({ ...publicVerdict, checkedAt: null, statusAsOf: null }).toEqual({ ...junkApi.verdict, checkedAt: null, statusAsOf: null });
    const checks = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'verification.check');
    expect(checks.slice(-3).map((r) => [r.actorKind, JSON.parse(r.details).result])).toEqual([['client', 'VALID'], ['client', 'TAMPERED'], ['anonymous', 'TAMPERED']]);
    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'seal.use' && r.outcome === 'success');
    expect(audit).toHaveLength(1);
  });

  it('asks a password-only session to step up (401 with an RFC 9470 challenge) and records no use', async () => {
    const res = await stamp('C002', place);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('ERR_STEP_UP_REQUIRED');
    const header = res.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(/^Bearer /);
    expect(header).toContain('error="insufficient_user_authentication"');
    expect(header).toMatch(/acr_values="L1-mfa"/);
    expect(header).toMatch(/max_age=600(,|$)/);
    expect(await uses()).toBe(1);
  });

  it("refuses another organisation's seal with its code", async () => {
    const res = await stamp('F001', place);
    expect([res.status, await errorCode(res)]).toEqual([403, 'ERR_SEAL_OTHER_ORGANISATION']);
    expect(await uses()).toBe(1);
  });

  it('answers bad input with clear codes, never a 500, and records no use', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [stamp('C001', place, Buffer.from('hello, not a PDF')), 422, 'ERR_DOCUMENT_INVALID'],
      [stamp('C001', place.replace('page=1', 'page=99')), 422, 'ERR_PLACEMENT_INVALID'],
      [stamp('C001', place.replace('x=450', 'x=5000')), 422, 'ERR_PLACEMENT_INVALID'],
      [stamp('C001', place.replace('page=1', 'page=0')), 400, 'ERR_VALIDATION'],
      [stamp('C001', place.replace('x=450', 'x=')), 400, 'ERR_VALIDATION'],
      [stamp('C001', 'page=1&x=450&y=150'), 400, 'ERR_VALIDATION'],
      [stamp('C001', `${place}&extra=1`), 400, 'ERR_VALIDATION'],
      [stamp('C001', place, pdf, sealId, 'application/octet-stream'), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE'],
      [stamp('C001', place, pdf, 'seal_doesNotExist0000000'), 404, 'ERR_NOT_FOUND'],
      [stamp('C001', place, pdf, '..%2F..'), 404, 'ERR_NOT_FOUND'],
      [stamp('C001', place, Buffer.alloc(0)), 422, 'ERR_DOCUMENT_INVALID'],
      [stamp('C001', 'keyword=%E7%9B%96%E7%AB%A0%E5%A4%84&reason=x'), 422, 'ERR_KEYWORD_NOT_FOUND'],
      [stamp('C001', `${place}&keyword=Test`), 400, 'ERR_VALIDATION'],
      [stamp('C001', `crossPage=true&y=400&reason=x`, onePage), 422, 'ERR_CROSS_PAGE_TOO_FEW_PAGES'],
      [stamp('C001', `crossPage=true&y=5000&reason=x`), 422, 'ERR_PLACEMENT_INVALID'],
      [stamp('C001', `crossPage=true&reason=x`), 400, 'ERR_VALIDATION'],
      [stamp('C001', `crossPage=true&y=400&page=1&reason=x`), 400, 'ERR_VALIDATION'],
      [stamp('C001', `crossPage=true&y=400&x=10&reason=x`), 400, 'ERR_VALIDATION'],
      [stamp('C001', `crossPage=true&y=400&keyword=Test&reason=x`), 400, 'ERR_VALIDATION'],
      [stamp('C001', `crossPage=1&y=400&reason=x`), 400, 'ERR_VALIDATION'],
      [call('/api/seals/verify', 'C001', { pdf: Buffer.from('%PDF-1.7 broken') }), 422, 'ERR_DOCUMENT_INVALID'],
      [call('/api/seals', 'K001', { body: { kind: 'seal of approval', owner: { kind: 'department', id: 'amr' } } }), 400, 'ERR_VALIDATION'],
      [call('/api/seals', 'K001', { body: { kind: 'contract', owner: { kind: 'department', id: 'fin' } } }), 403, 'ERR_SEAL_OTHER_ORGANISATION'],
      [call(`/api/seals/${sealId}/suspend`, 'K001', { body: {} }), 400, 'ERR_VALIDATION'],
      [call(`/api/seals/${sealId}/revoke`, 'K001', { body: { reason: 'x', revocationReason: 'bored' } }), 400, 'ERR_VALIDATION'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect([r.status, await errorCode(r)]).toEqual([status, code]);
    }
    expect(await uses()).toBe(1);
  });

  it('stamps a cross-page seal (crossPage=true&y=…): one signature over both pages that verifies', async () => {
    const res = await stamp('C001', 'crossPage=true&y=400&reason=%E9%AA%91%E7%BC%9D');
    expect(res.status).toBe(200);
    const sealed = Buffer.from(await res.arrayBuffer());
    const report = await svc.container.seals.verifyPdf(sealed);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures).toHaveLength(1);
    expect(sealed.toString('latin1').match(/\/Subtype \/Widget/g)).toHaveLength(2);
    expect(await uses()).toBe(2);
  });

  it('answers crafted PDFs to /api/seals/verify with 422 and a stable code, /healthz answering meanwhile', async () => {
    for (const kind of VERIFY_KINDS) {
      let worst = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const t = performance.now();
          await (await fetch(`${svc.url}/healthz`)).arrayBuffer();
          worst = Math.max(worst, performance.now() - t);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const t = performance.now();
      const res = await call('/api/seals/verify', 'F001', { pdf: readFileSync(fixtureUrl(kind)) });
      const took = performance.now() - t;
      polling = false;
      await poller;
      expect([kind, res.status, await errorCode(res)]).toEqual([kind, 422, kind === 'xref-loop' ? 'ERR_DOCUMENT_INVALID' : 'ERR_DOCUMENT_TOO_COMPLEX']);
      expect(took).toBeLessThan(10_000);
      expect(worst).toBeLessThan(500);
    }
    // Stamping reads the file too, on the same budgets; a refusal records no use.
    const before = await uses();
    for (const kind of ['xref-sections', 'object-count'] as const) {
      const res = await stamp('C001', place, readFileSync(fixtureUrl(kind)));
      expect([kind, res.status, await errorCode(res)]).toEqual([kind, 422, 'ERR_DOCUMENT_TOO_COMPLEX']);
    }
    expect(await uses()).toBe(before);
  }, 120_000);

  it('refuses an oversized upload with 413 before stamping', async () => {
    const big = Buffer.alloc(svc.container.seals.limits.maxPdfBytes + 1, 0x20);
    big.write('%PDF-1.7\n');
    const res = await stamp('C001', place, big);
    expect([res.status, await errorCode(res)]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
    expect(await uses()).toBe(2);
  });

  it('signs bytes or an SM3 hash detached (SES_Signature DER), with the same grant and step-up rules; verify-signature checks it', async () => {
    const data = Buffer.from('某市市场监督管理局 合同 第 0001 号');
    const signRaw = (login: string, body: Uint8Array, query = 'reason=%E5%AF%B9%E5%A4%96%E6%8F%90%E4%BE%9B&propertyInfo=contract-0001.xml', type = 'application/octet-stream') =>
      call(`/api/seals/${sealId}/sign?${query}`, login, { pdf: body, type });
    const raw = await signRaw('C001', data);
    expect(raw.status).toBe(200);
    const signed = (await raw.json()) as { signature: string; dataHash: string; useId: string };
    expect(signed.dataHash).toBe(Buffer.from(sm3(data)).toString('hex'));
    expect(signed.useId).toMatch(/^use_/);
    const ses = SES_Signature.decode(Buffer.from(signed.signature, 'base64'));
    expect(ses.toSign.propertyInfo).toBe('contract-0001.xml');
    expect(Buffer.from(ses.toSign.dataHash).toString('hex')).toBe(signed.dataHash);

    const byHash = await call(`/api/seals/${sealId}/sign`, 'C001', { body: { sm3: signed.dataHash, reason: '对外提供' } });
    expect(byHash.status).toBe(200);
    const hashed = (await byHash.json()) as { signature: string; dataHash: string };
    expect(hashed.dataHash).toBe(signed.dataHash);

    const verify = async (body: Record<string, string>) => {
      const res = await call('/api/seals/verify-signature', 'F001', { body });
      return [res.status, ((await res.json()) as VerificationOutcome).verdict] as const;
    };
    const [status, withData] = await verify({ signature: signed.signature, data: data.toString('base64') });
    expect(status).toBe(200);
    expect(withData).toMatchObject({ result: 'VALID', subject: { kind: 'document', documentSm3: signed.dataHash, seals: [{ name: '某市市场监督管理局合同专用章' }] } });
    expect(withData.checks.map((c) => c.code)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_NOT_APPLICABLE', 'DATES_NOT_APPLICABLE']);
    const [, byDigest] = await verify({ signature: hashed.signature, sm3: signed.dataHash });
    expect(byDigest.result).toBe('VALID');
    const [, other] = await verify({ signature: signed.signature, data: Buffer.from('другой').toString('base64') });
    expect(other.result).toBe('TAMPERED');
    expect(other.checks.map((c) => c.code)).toContain('INTEGRITY_HASH_MISMATCH');
    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'seal.use' && r.outcome === 'success');
    expect(audit.map((r) => JSON.parse(r.details).mode)).toEqual([undefined, undefined, 'detached', 'detached']);
    expect(await uses()).toBe(4);

    const cases: [Promise<Response>, number, string][] = [
      [signRaw('C002', data), 401, 'ERR_STEP_UP_REQUIRED'],
      [signRaw('F001', data), 403, 'ERR_SEAL_OTHER_ORGANISATION'],
      [signRaw('C001', data, 'propertyInfo=x'), 400, 'ERR_VALIDATION'],
      [signRaw('C001', data, 'reason=x', 'text/plain'), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE'],
      [call(`/api/seals/${sealId}/sign`, 'C001', { body: { sm3: 'abc', reason: 'x' } }), 400, 'ERR_VALIDATION'],
      [call(`/api/seals/${sealId}/sign`, 'C001', { body: { sm3: signed.dataHash, reason: 'x', data: 'eA==' } }), 400, 'ERR_VALIDATION'],
      [call('/api/seals/verify-signature', 'F001', { body: { signature: signed.signature } }), 400, 'ERR_VALIDATION'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect([r.status, await errorCode(r)]).toEqual([status, code]);
    }
    expect(await uses()).toBe(4);
  });

  it('refuses a suspended seal (409), resumes it, ends a grant (403), refuses a revoked seal (409)', async () => {
    const suspended = await call(`/api/seals/${sealId}/suspend`, 'K001', { body: { reason: '遗失核查' } });
    expect(((await suspended.json()) as { seal: SealJson }).seal.status).toBe('suspended');
    const whileSuspended = await stamp('C001', place);
    expect([whileSuspended.status, await errorCode(whileSuspended)]).toEqual([409, 'ERR_SEAL_SUSPENDED']);
    const resumeByKeeper = await call(`/api/seals/${sealId}/resume`, 'K001', { body: { reason: '已找到' } });
    expect(await errorCode(resumeByKeeper)).toBe('ERR_FORBIDDEN');
    const resumed = await call(`/api/seals/${sealId}/resume`, 'P001', { body: { reason: '已找到' } });
    expect(((await resumed.json()) as { seal: SealJson }).seal.status).toBe('active');

    const wrongSeal = await call(`/api/seals/${sealId}/grants/grant_doesNotExist000000`, 'K001', { method: 'DELETE' });
    expect([wrongSeal.status, await errorCode(wrongSeal)]).toEqual([404, 'ERR_NOT_FOUND']);
    const ended = await call(`/api/seals/${sealId}/grants/${grantId}`, 'K001', { method: 'DELETE' });
    expect(await ended.json()).toEqual({ ended: true });
    const noGrant = await stamp('C001', place);
    expect([noGrant.status, await errorCode(noGrant)]).toEqual([403, 'ERR_SEAL_NOT_GRANTED']);

    const revoked = await call(`/api/seals/${sealId}/revoke`, 'K001', { body: { reason: '机构调整', revocationReason: 'cessation' } });
    expect(((await revoked.json()) as { seal: SealJson; crlIssued: boolean }).seal.status).toBe('revoked');
    const whileRevoked = await stamp('C002', place);
    expect(whileRevoked.status).toBe(409);
    expect(await errorCode(whileRevoked)).toBe('ERR_SEAL_REVOKED');
    expect(await uses()).toBe(4);
  });

  it('refuses requests without a valid token, with a Bearer challenge', async () => {
    const none = await call('/api/seals', null);
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="yinxin"']);
    const bad = await fetch(`${svc.url}/api/seals`, { headers: { authorization: 'Bearer not-a-real-token-xxxxxxxxxxxx' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});
