// Using licences at the service window (用证, 免提交), end to end against the real provider with
// openid-client as the window system: the holder consents by signing in through it with RFC 9396
// authorization details naming a service item; the system receives only the item's licence
// types and fields, sealed files that verify, and a signed receipt; the holder sees every use and
// withdraws a standing consent; an inspection system retrieves under its legal basis, with the
// sealed OFD on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE } from '../http/licence-world.ts';
import { verify as verifySignature } from '../../src/crypto/sm2.ts';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate.ts';
import {
  BASIS, BUSINESS, consentThroughSignIn, INSPECTION_BASIS, ITEM, licenceUseWorld, OPERATIONS, PROOF, retrieve, systemToken,
} from '../support/licence-use-world.ts';

describe('licence use at the service window', () => {
  let svc: OidcTestService;
  let w: Awaited<ReturnType<typeof licenceUseWorld>>;
  const holderOf = (idNumber: string) => ({ idType: '111', idNumber });

  beforeAll(async () => {
    svc = await startOidcService();
    w = await licenceUseWorld(svc.container, svc.url);
  }, 120_000);
  afterAll(async () => svc?.stop());

  it("gives the window only the item's licence types and fields after the holder's one-time consent, with files that verify", async () => {
    const { page, tokens, refused } = await consentThroughSignIn(svc.url, w.window, w.holder.idNumber, { identifier: ITEM });
    expect(refused?.toString() ?? null).toBeNull();
    // The consent page says what is to be shared, and with whom.
    expect(page).toContain('人社服务窗口');
    expect(page).toContain('失业登记');
    expect(page).toContain(BASIS);
    expect(page).toMatch(/无犯罪记录证明<\/strong>: [^<]*姓名/);
    expect(page).not.toContain('特种作业操作证');
    const details = tokens!.authorization_details as unknown as { type: string; identifier: string; consent_id: string }[];
    expect(details).toEqual([{ type: 'licence_use', identifier: ITEM, consent_id: expect.stringMatching(/^luc_/) }]);
    const consentId = details[0]!.consent_id;

    const out = await retrieve(svc.url, tokens!.access_token, { serviceItem: ITEM, holder: holderOf(w.holder.idNumber), consentId, files: true });
    expect(out.status).toBe(200);
    const licences = out.body.licences as { identifier: string; typeCode: string; status: { code: string; valid: boolean }; fields: Record<string, string>; file: { base64: string; sm3: string } }[];
    expect(licences.map((l) => l.identifier).sort()).toEqual(w.holderLicences.slice(0, 2).sort());
    expect(licences.map((l) => l.typeCode)).toEqual([PROOF, PROOF]);
    expect(w.holderLicences).toHaveLength(3);
    for (const l of licences) {
      expect(Object.keys(l.fields).sort()).toEqual(['name', 'queriedOn', 'statement']);
      expect(l.fields.name).toBe('李四');
      expect(JSON.stringify(l)).not.toContain(w.holder.idNumber);
      expect(l.status).toMatchObject({ code: '01', valid: true });
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(l.file.base64, 'base64')], { type: 'application/pdf' }), 'licence.pdf');
      const verdict = await (await fetch(`${svc.url}/api/verify`, { method: 'POST', body: form })).json() as { verdict: { result: string; subject: { identifier: string } } };
      expect(verdict.verdict).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
    }
    // The receipt is signed by the platform's receipt key and names what was given.
    const receipt = out.body.receipt as { payload: string; signature: string; certificateChain: string[] };
    const cert = parseCertificate(Buffer.from(receipt.certificateChain[0]!, 'base64'));
    expect(verifySignature(cert.publicKey, new TextEncoder().encode(receipt.payload), Buffer.from(receipt.signature, 'base64'))).toBe(true);
    const payload = JSON.parse(receipt.payload) as { serviceItem: string; ground: unknown; licences: { identifier: string; fields: string[] }[] };
    expect(payload).toMatchObject({ serviceItem: ITEM, ground: { consent: consentId } });
    expect(payload.licences.map((l) => l.fields)).toEqual([['name', 'statement', 'queriedOn'], ['name', 'statement', 'queriedOn']]);

    // One time means once.
    const again = await retrieve(svc.url, tokens!.access_token, { serviceItem: ITEM, holder: holderOf(w.holder.idNumber), consentId });
    expect(again).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_CONSENT_ENDED' } } });
  }, 60_000);

  it('refuses a field or type outside the list, other holders, and unknown or ungranted items, each with its code, and audits the refusals', async () => {
    const { tokens } = await consentThroughSignIn(svc.url, w.window, w.holder.idNumber, { identifier: ITEM, standing_days: 30 });
    const consentId = (tokens!.authorization_details as unknown as { consent_id: string }[])[0]!.consent_id;
    const system = await systemToken(svc.url, w.window);
    const ask = (over: Record<string, unknown>, token = system) => retrieve(svc.url, token, { serviceItem: ITEM, holder: holderOf(w.holder.idNumber), consentId, ...over });
    const field = await ask({ fields: ['name', 'gender'] });
    expect(field.status).toBe(422);
    expect(field.body.error).toMatchObject({ code: 'ERR_LICENCE_USE_NOT_LISTED', issues: [{ path: ['fields'], code: 'not_listed' }] });
    expect((await ask({ types: [OPERATIONS] })).body.error.code).toBe('ERR_LICENCE_USE_NOT_LISTED');
    expect((await ask({ holder: holderOf(w.stranger.idNumber) }))).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_OTHER_HOLDER' } } });
    expect((await ask({ holder: { idType: '111', idNumber: '110105194912310022' } }))).toMatchObject({ status: 400, body: { error: { code: 'ERR_LICENCE_USE_HOLDER_MALFORMED' } } });
    expect((await ask({ holder: { idType: '999', idNumber: w.holder.idNumber } })).body.error.code).toBe('ERR_LICENCE_USE_HOLDER_MALFORMED');
    expect((await ask({ serviceItem: 'NO-SUCH-ITEM' }))).toMatchObject({ status: 404, body: { error: { code: 'ERR_LICENCE_USE_UNKNOWN_ITEM' } } });
    expect((await ask({ consentId: 'luc_AAAAAAAAAAAAAAAAAAAAAA' }))).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_NO_CONSENT' } } });
    expect((await ask({}, await systemToken(svc.url, w.outsider)))).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_NOT_GRANTED' } } });
    // Another system cannot use this system's consent.
    expect((await ask({}, await systemToken(svc.url, w.inspection))).body.error.code).toBe('ERR_LICENCE_USE_NO_CONSENT');
    // A consent-only system has no legal basis.
    expect((await ask({ consentId: undefined, caseNumber: '杭人社〔2026〕1号' })).body.error.code).toBe('ERR_LICENCE_USE_NO_LEGAL_BASIS');
    const denied = (await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action === 'licence_use.retrieve' && r.outcome === 'denied');
    expect(denied.map((r) => (JSON.parse(r.details) as { refusal?: string }).refusal)).toEqual(expect.arrayContaining([
      'ERR_LICENCE_USE_NOT_LISTED', 'ERR_LICENCE_USE_OTHER_HOLDER', 'ERR_LICENCE_USE_HOLDER_MALFORMED', 'ERR_LICENCE_USE_UNKNOWN_ITEM',
      'ERR_LICENCE_USE_NO_CONSENT', 'ERR_LICENCE_USE_NOT_GRANTED', 'ERR_LICENCE_USE_NO_LEGAL_BASIS',
    ]));

    // The standing consent serves the system's own token again and again, until the holder withdraws it.
    expect((await ask({ fields: ['statement'] })).status).toBe(200);
    const ok = await ask({});
    expect(ok.status).toBe(200);
    const token = await holderApiToken();
    const listed = await (await fetch(`${svc.url}/api/holder/licence-uses`, { headers: { authorization: `Bearer ${token}` } })).json() as { consents: { id: string; state: string }[] };
    expect(listed.consents.find((c) => c.id === consentId)?.state).toBe('live');
    const withdrawn = await fetch(`${svc.url}/api/holder/licence-use-consents/${consentId}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(withdrawn.status).toBe(200);
    expect((await ask({}))).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_CONSENT_ENDED' } } });
  }, 60_000);

  it('lets an inspection system retrieve under its legal basis with a case number, recorded and shown to the holder', async () => {
    const token = await systemToken(svc.url, w.inspection);
    const company = await retrieve(svc.url, token, { serviceItem: ITEM, holder: { idType: '001', idNumber: COMPANY_CODE }, caseNumber: '杭应急检〔2026〕17号' });
    expect(company.status).toBe(200);
    expect(company.body.ground).toEqual({ legalBasis: INSPECTION_BASIS, caseNumber: '杭应急检〔2026〕17号' });
    expect(company.body.licences).toHaveLength(1);
    expect(company.body.licences[0]).toMatchObject({ identifier: w.business, typeCode: BUSINESS, fields: { name: '杭州某某科技有限公司', creditCode: COMPANY_CODE } });
    expect(company.body.licences[0].file).toBeUndefined();
    const person = await retrieve(svc.url, token, { serviceItem: ITEM, holder: holderOf(w.holder.idNumber), caseNumber: '杭应急检〔2026〕18号' });
    expect(person.status).toBe(200);
    const holderToken = await holderApiToken();
    const seen = await (await fetch(`${svc.url}/api/holder/licence-uses`, { headers: { authorization: `Bearer ${holderToken}` } })).json() as { uses: Record<string, unknown>[] };
    expect(seen.uses[0]).toMatchObject({
      appName: '应急管理执法系统', itemCode: ITEM, itemName: '失业登记', legalBasis: INSPECTION_BASIS, caseNumber: '杭应急检〔2026〕18号', consentId: null,
      fields: { [PROOF]: ['name', 'statement', 'queriedOn'], [BUSINESS]: ['name', 'creditCode'] },
    });
    expect(seen.uses.some((u) => u.appName === '人社服务窗口' && typeof u.consentId === 'string')).toBe(true);
    expect(seen.uses.every((u) => !('holderKey' in u))).toBe(true);
  }, 60_000);

  it('includes the sealed OFD on request, alone or beside the PDF, and it verifies as uploaded', async () => {
    const token = await systemToken(svc.url, w.inspection);
    const ask = (files: unknown, n: number) => retrieve(svc.url, token, { serviceItem: ITEM, holder: holderOf(w.holder.idNumber), caseNumber: `杭应急检〔2026〕${n}号`, files });
    type Copy = { mediaType: string; sm3: string; base64: string };
    const upload = async (f: Copy, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(f.base64, 'base64')], { type: f.mediaType }), name);
      return (await (await fetch(`${svc.url}/api/verify`, { method: 'POST', body: form })).json() as { verdict: { result: string; subject: { identifier: string } } }).verdict;
    };
    const ofdOnly = await ask('ofd', 30);
    expect(ofdOnly.status).toBe(200);
    const licences = ofdOnly.body.licences as { identifier: string; file?: Copy; ofdFile: Copy }[];
    expect(licences).toHaveLength(2);
    for (const l of licences) {
      expect(l.file).toBeUndefined();
      expect(l.ofdFile.mediaType).toBe('application/ofd');
      const bytes = Buffer.from(l.ofdFile.base64, 'base64');
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(await upload(l.ofdFile, 'licence.ofd')).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
    }
    // The receipt names the OFD's digest; the PDF's is null, as none was given.
    const payload = JSON.parse((ofdOnly.body.receipt as { payload: string }).payload) as { licences: { identifier: string; fileSm3: string | null; ofdSm3?: string }[] };
    for (const l of licences) expect(payload.licences.find((x) => x.identifier === l.identifier)).toMatchObject({ fileSm3: null, ofdSm3: l.ofdFile.sm3 });

    const both = await ask(['pdf', 'ofd'], 31);
    expect(both.status).toBe(200);
    for (const l of both.body.licences as { identifier: string; file: Copy; ofdFile: Copy }[]) {
      expect([l.file.mediaType, l.ofdFile.mediaType]).toEqual(['application/pdf', 'application/ofd']);
      expect(await upload(l.file, 'licence.pdf')).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
    }
    // `true` is the PDF, as before; an unknown format is refused.
    const pdf = await ask(true, 32);
    expect((pdf.body.licences as { file: Copy; ofdFile?: Copy }[]).every((l) => l.file.mediaType === 'application/pdf' && l.ofdFile === undefined)).toBe(true);
    const bad = await ask('docx', 33);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'ERR_VALIDATION' } } });
    expect(JSON.stringify(bad.body.error.issues)).toContain('files');
  }, 60_000);

  it("uses a legal person's licences under its representative's consent, not under another person's", async () => {
    const c = svc.container;
    const consent = (personId: string, id: string) => c.licenceUse.records.addConsent({
      id, clientId: w.window.clientId, itemCode: ITEM, personId, mode: 'once',
      grantedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 600_000).toISOString(), usedAt: null, withdrawnAt: null,
    });
    await consent(w.world.rep.id, 'luc_representativeAAAAAAA');
    await consent(w.holder.id, 'luc_notRepresentativeAAAAA');
    const token = await systemToken(svc.url, w.window);
    const company = { idType: '001', idNumber: COMPANY_CODE };
    const ok = await retrieve(svc.url, token, { serviceItem: ITEM, holder: company, consentId: 'luc_representativeAAAAAAA' });
    expect(ok.status).toBe(200);
    expect(ok.body.licences.map((l: { identifier: string }) => l.identifier)).toEqual([w.business]);
    const other = await retrieve(svc.url, token, { serviceItem: ITEM, holder: company, consentId: 'luc_notRepresentativeAAAAA' });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_OTHER_HOLDER' } } });
  });

  it('refuses at sign-in an item the system was not granted, as invalid_authorization_details', async () => {
    const out = await consentThroughSignIn(svc.url, w.outsider, w.holder.idNumber, { identifier: ITEM });
    expect(out.refused?.get('error')).toBe('invalid_authorization_details');
    const unknown = await consentThroughSignIn(svc.url, w.window, w.holder.idNumber, { identifier: 'NOPE' });
    expect(unknown.refused?.get('error')).toBe('invalid_authorization_details');
  });

  async function holderApiToken(): Promise<string> {
    return apiToken(svc.url, w.world.appId, w.holder.idNumber, 'holder');
  }
});
