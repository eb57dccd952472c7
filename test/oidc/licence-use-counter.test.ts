// The counter flow (窗口扫码用证) through the API: the window system opens a one-time request,
// the holder scans its code in the city app, sees what is asked and confirms, and the window
// retrieves only the item's licence types and fields, once; a legal representative gives the
// enterprise's licences. Replayed, expired, malformed and
// unknown codes, another window's request, a phone below L2, a decline and a retrieval before
// approval are refused with their codes, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { BASIS, BUSINESS, ITEM, licenceUseWorld, PASSWORD, PROOF, systemToken } from '../support/licence-use-world.ts';
import { call, cityApp } from '../support/counter-world.ts';
import { residentId } from '../support/identity.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { decideCounterRequest, scanCounterRequest } from '../../src/services/licence-use/counter-phone.ts';
import { COMPANY_CODE } from '../http/licence-world.ts';

describe('licence use at the counter: the holder scans the window\'s request code', () => {
  let svc: OidcTestService;
  let w: Awaited<ReturnType<typeof licenceUseWorld>>;
  let phoneToken: (login: string) => Promise<string>;
  let windowToken: string;
  let holderPhone: string;

  const open = async (token = windowToken, body: Record<string, unknown> = { serviceItem: ITEM }) => call(svc.url, token, 'POST', '/api/licence-use/requests', body);
  const status = (id: string, token = windowToken) => call(svc.url, token, 'GET', `/api/licence-use/requests/${id}`);
  const take = (id: string, token = windowToken, body: Record<string, unknown> = {}) => call(svc.url, token, 'POST', `/api/licence-use/requests/${id}/retrieval`, body);
  const phone = (step: 'scan' | 'confirm' | 'decline', code: string, token = holderPhone, extra: Record<string, unknown> = {}) =>
    call(svc.url, token, 'POST', `/api/licence-use/${step}`, { code, ...extra });
  const audits = async (action: string) => (await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action === action)
    .map((r): Record<string, unknown> => ({ outcome: r.outcome, object: r.object, ...(JSON.parse(r.details) as Record<string, unknown>) }));

  beforeAll(async () => {
    svc = await startOidcService();
    w = await licenceUseWorld(svc.container, svc.url);
    phoneToken = await cityApp(svc.container, svc.url);
    windowToken = await systemToken(svc.url, w.window);
    holderPhone = await phoneToken(w.holder.idNumber);
  }, 120_000);
  afterAll(async () => svc?.stop());

  it("gives the window only the item's licences after the holder scans and confirms, once", async () => {
    const opened = await open();
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ requestId: expect.stringMatching(/^lur_/), code: expect.stringMatching(/^lu_[A-Za-z0-9_-]{43}$/), qr: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(opened.body.link).toBe(`${svc.url}/app/scan#use=${opened.body.code}`);
    const id = opened.body.requestId as string;
    expect((await status(id)).body).toMatchObject({ status: 'pending', mode: 'once', serviceItem: ITEM });

    const scanned = await phone('scan', opened.body.link as string);
    expect(scanned.status).toBe(200);
    expect(scanned.body).toMatchObject({
      app: { clientId: w.window.clientId, name: '人社服务窗口' }, item: { code: ITEM, name: '失业登记', legalBasis: BASIS }, mode: 'once',
      holders: [{ id: 'self', kind: 'citizen', name: '李四', role: 'self' }],
    });
    expect(scanned.body.licences.map((l: { typeName: string }) => l.typeName)).toContain('无犯罪记录证明');
    expect((await status(id)).body.status).toBe('scanned');
    // Too early for the window.
    expect((await take(id))).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_NOT_APPROVED' } } });

    expect(await phone('confirm', opened.body.code as string)).toMatchObject({ status: 200, body: { status: 'approved' } });
    const approved = (await status(id)).body;
    expect(approved).toMatchObject({ status: 'approved', consentId: expect.stringMatching(/^luc_/), holderKind: 'citizen' });
    expect(JSON.stringify(approved)).not.toContain(w.holder.idNumber);

    const out = await take(id, windowToken, { files: false });
    expect(out.status).toBe(200);
    expect(out.body.ground).toEqual({ consentId: approved.consentId });
    expect(out.body.licences.map((l: { identifier: string }) => l.identifier).sort()).toEqual(w.holderLicences.slice(0, 2).sort());
    for (const l of out.body.licences as { typeCode: string; fields: Record<string, string> }[]) {
      expect(l.typeCode).toBe(PROOF);
      expect(Object.keys(l.fields).sort()).toEqual(['name', 'queriedOn', 'statement']);
    }
    expect((await status(id)).body).toMatchObject({ status: 'retrieved', useId: out.body.useId });

    // Single use: the window cannot take it twice, the phone cannot scan or confirm it again, and the one-time consent is spent.
    expect(await take(id)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_USED' } } });
    expect(await phone('scan', opened.body.code as string)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_USED' } } });
    expect(await phone('confirm', opened.body.code as string)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_USED' } } });
    const retrieved = await call(svc.url, windowToken, 'POST', '/api/licence-use/retrievals', {
      serviceItem: ITEM, holder: { idType: '111', idNumber: w.holder.idNumber }, consentId: approved.consentId,
    });
    expect(retrieved.body.error.code).toBe('ERR_LICENCE_USE_CONSENT_ENDED');

    expect(await audits('licence_use.request.open')).toContainEqual(expect.objectContaining({ outcome: 'success', object: id, item: ITEM }));
    expect(await audits('licence_use.request.scan')).toContainEqual(expect.objectContaining({ outcome: 'success', object: id, client: w.window.clientId }));
    expect(await audits('licence_use.request.confirm')).toContainEqual(expect.objectContaining({ outcome: 'success', object: id, consent: approved.consentId }));
    expect(await audits('licence_use.consent')).toContainEqual(expect.objectContaining({ object: approved.consentId, mode: 'once' }));
    expect(await audits('licence_use.retrieve')).toContainEqual(expect.objectContaining({ outcome: 'success', use: out.body.useId }));
  }, 60_000);

  it('asks for a standing consent when the window opens one, and serves it again by consent id', async () => {
    const opened = await open(windowToken, { serviceItem: ITEM, standingDays: 30 });
    expect((await phone('scan', opened.body.code as string)).body).toMatchObject({ mode: 'standing', standingDays: 30 });
    await phone('confirm', opened.body.code as string);
    const { consentId } = (await status(opened.body.requestId as string)).body as { consentId: string };
    expect((await take(opened.body.requestId as string, windowToken, { fields: ['name'] })).status).toBe(200);
    const again = await call(svc.url, windowToken, 'POST', '/api/licence-use/retrievals', { serviceItem: ITEM, holder: { idType: '111', idNumber: w.holder.idNumber }, consentId });
    expect(again.status).toBe(200);
  }, 60_000);

  it("gives an enterprise's licences when its legal representative confirms for it, and not for an enterprise the person may not act for", async () => {
    const deps = { ...svc.container.licenceUse, kv: svc.container.kv };
    const ctx = { clientIp: null, requestId: null };
    const rep = { accountId: w.world.rep.id, clientId: 'city-app', session: { acr: 'L2' } };
    const opened = await open();
    const scanned = await scanCounterRequest(deps, opened.body.code as string, rep, ctx);
    expect(scanned.holders).toEqual(expect.arrayContaining([
      { id: 'self', kind: 'citizen', name: '张三丰', role: 'self' },
      { id: COMPANY_CODE, kind: 'legal_person', name: '杭州某某科技有限公司', role: 'legal_representative' },
    ]));
    await expect(decideCounterRequest(deps, { text: opened.body.code as string, decision: 'confirm', holder: '91330106MA2B00003X' }, rep, ctx))
      .rejects.toMatchObject({ code: 'ERR_LICENCE_USE_OTHER_HOLDER' });
    expect(await decideCounterRequest(deps, { text: opened.body.code as string, decision: 'confirm', holder: COMPANY_CODE }, rep, ctx)).toEqual({ status: 'approved' });
    expect((await status(opened.body.requestId as string)).body.holderKind).toBe('legal_person');
    const out = await take(opened.body.requestId as string);
    expect(out.status).toBe(200);
    expect(out.body.licences).toEqual([expect.objectContaining({ identifier: w.business, typeCode: BUSINESS, fields: { name: '杭州某某科技有限公司', creditCode: COMPANY_CODE } })]);
  }, 60_000);

  it('refuses malformed, unknown and expired codes, another window\'s request, a low phone session and a decline, each audited', async () => {
    // Malformed: neither a request code nor its link (a QR-login code is not one either).
    expect(await phone('scan', 'hello')).toMatchObject({ status: 400, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_MALFORMED' } } });
    expect((await phone('scan', 'A'.repeat(43))).body.error.code).toBe('ERR_LICENCE_USE_REQUEST_MALFORMED');
    expect((await phone('scan', `${svc.url}/app/scan#qr=${'A'.repeat(43)}`)).body.error.code).toBe('ERR_LICENCE_USE_REQUEST_MALFORMED');
    expect(await phone('scan', `lu_${'A'.repeat(43)}`)).toMatchObject({ status: 404, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_UNKNOWN' } } });

    // Another window's request: neither its status nor its licences.
    const opened = await open();
    const id = opened.body.requestId as string;
    const inspection = await systemToken(svc.url, w.inspection);
    expect(await status(id, inspection)).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_OTHER_WINDOW' } } });
    expect(await take(id, inspection)).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_OTHER_WINDOW' } } });
    expect(await status('lur_AAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ status: 404, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_UNKNOWN' } } });

    // A system without the item, and an item that does not exist.
    expect((await open(await systemToken(svc.url, w.outsider))).body.error.code).toBe('ERR_LICENCE_USE_NOT_GRANTED');
    expect((await open(windowToken, { serviceItem: 'NO-SUCH' })).body.error.code).toBe('ERR_LICENCE_USE_UNKNOWN_ITEM');

    // A person signed in below L2 may not scan; confirming before scanning is refused.
    await createAccount(svc.container.identity, { kind: 'citizen', name: '吴低', idNumber: residentId(61), phone: null, password: PASSWORD }, { id: 'system:test', kind: 'system' });
    const low = await phoneToken(residentId(61));
    expect(await phone('scan', opened.body.code as string, low)).toMatchObject({ status: 403, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_LEVEL' } } });
    expect(await phone('confirm', opened.body.code as string)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_NOT_SCANNED' } } });

    // Scanned by the holder: another person cannot decide it.
    expect((await phone('scan', opened.body.code as string)).status).toBe(200);
    const stranger = await phoneToken(w.stranger.idNumber);
    expect(await phone('confirm', opened.body.code as string, stranger)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_USED' } } });
    // Declined: the window hears so and gets nothing.
    expect(await phone('decline', opened.body.code as string)).toMatchObject({ status: 200, body: { status: 'denied' } });
    expect((await status(id)).body).toMatchObject({ status: 'denied' });
    expect((await status(id)).body.consentId).toBeUndefined();
    expect(await take(id)).toMatchObject({ status: 409, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_NOT_APPROVED' } } });

    // Expired: past its five minutes (the stored record says when), the code is refused.
    const late = await open();
    const key = `lu:counter:${late.body.requestId as string}`;
    const record = JSON.parse((await svc.container.kv.get(key)) as string) as Record<string, unknown>;
    await svc.container.kv.set(key, JSON.stringify({ ...record, expiresAt: new Date(Date.now() - 1000).toISOString() }), 600);
    expect(await phone('scan', late.body.code as string)).toMatchObject({ status: 410, body: { error: { code: 'ERR_LICENCE_USE_REQUEST_EXPIRED' } } });
    expect((await status(late.body.requestId as string)).body.status).toBe('expired');
    expect((await take(late.body.requestId as string)).body.error.code).toBe('ERR_LICENCE_USE_REQUEST_EXPIRED');

    const scans = (await audits('licence_use.request.scan')).filter((a) => a.outcome === 'failure').map((a) => a.refusal);
    expect(scans).toEqual(expect.arrayContaining(['ERR_LICENCE_USE_REQUEST_MALFORMED', 'ERR_LICENCE_USE_REQUEST_UNKNOWN', 'ERR_LICENCE_USE_REQUEST_LEVEL', 'ERR_LICENCE_USE_REQUEST_EXPIRED']));
    expect((await audits('licence_use.request.confirm')).filter((a) => a.outcome === 'failure').map((a) => a.refusal))
      .toEqual(expect.arrayContaining(['ERR_LICENCE_USE_REQUEST_NOT_SCANNED', 'ERR_LICENCE_USE_REQUEST_USED']));
    expect(await audits('licence_use.request.decline')).toContainEqual(expect.objectContaining({ outcome: 'success', object: id }));
    expect((await audits('licence_use.request.status')).map((a) => a.refusal)).toEqual(expect.arrayContaining(['ERR_LICENCE_USE_REQUEST_OTHER_WINDOW', 'ERR_LICENCE_USE_REQUEST_UNKNOWN']));
    expect((await audits('licence_use.request.retrieve')).map((a) => a.refusal))
      .toEqual(expect.arrayContaining(['ERR_LICENCE_USE_REQUEST_OTHER_WINDOW', 'ERR_LICENCE_USE_REQUEST_NOT_APPROVED', 'ERR_LICENCE_USE_REQUEST_EXPIRED']));
  }, 90_000);
});
