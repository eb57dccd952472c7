// Acting for an enterprise (法人办事) seen from government apps using openid-client: the choice at
// sign-in, the `org` and `act` claims, apps that require an enterprise, switching, and agents
// whose authorisation is out of scope, expired or revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import type { Account } from '../../src/domain/account.ts';
import { grantAgent } from '../../src/services/acting/grant-agent.ts';
import { revokeAgent } from '../../src/services/acting/revoke-agent.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { app, authorize, chooseOrg, citizen, creditCode, enterprise, tokensFor } from '../support/acting.ts';
import type { TestApp } from '../support/acting.ts';
import { freePort, startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const REQUIRE_ORG = { claims: JSON.stringify({ id_token: { org: { essential: true } } }) };
const req = { clientIp: null, requestId: null };
const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();

describe('acting for an enterprise through yinxin', () => {
  let svc: OidcTestService;
  let tax: TestApp;
  let permits: TestApp;
  let rep: Account & { idNumber: string };
  let agent: Account & { idNumber: string };
  let narrow: Account & { idNumber: string };
  let lapsed: Account & { idNumber: string };
  let plain: Account & { idNumber: string };
  let firm: Account;
  const caller = () => ({ clientId: 'test', accountId: rep.id, scopes: ['enterprise'], sessionAmr: ['pwd'] });

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const port = await freePort();
    tax = await app(c, svc.issuer, '电子税务局（测试）', `http://127.0.0.1:${port}/tax/cb`);
    permits = await app(c, svc.issuer, '工程建设审批（测试）', `http://127.0.0.1:${port}/permits/cb`);
    rep = await citizen(c, '张法人', 101);
    agent = await citizen(c, '李经办', 102);
    narrow = await citizen(c, '王经办', 103);
    lapsed = await citizen(c, '赵经办', 104);
    plain = await citizen(c, '钱路人', 105);
    firm = await enterprise(c, '某某建设有限公司', 1, rep.id);
    await grantAgent(c.acting, caller(), firm.id, { agent: { idNumber: agent.idNumber }, scope: 'all', expiresAt: NEXT_YEAR }, req);
    await grantAgent(c.acting, caller(), firm.id, { agent: { accountId: narrow.id }, scope: [permits.clientId], expiresAt: NEXT_YEAR }, req);
    // An authorisation that ran out yesterday (the API accepts only future expiries).
    await c.acting.agents.add({
      id: 'ag_lapsedlapsedlapsedlaps', legalPersonId: firm.id, agentId: lapsed.id, clientIds: null, grantedBy: rep.id,
      grantedAt: new Date(Date.now() - 10 * 86_400_000).toISOString(), expiresAt: new Date(Date.now() - 86_400_000).toISOString(), revokedAt: null, revokedBy: null,
    });
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('asks the legal representative at sign-in and puts org and act in the ID token, userinfo and access token', async () => {
    const meta = tax.config.serverMetadata();
    expect(meta.claims_supported).toEqual(expect.arrayContaining(['org', 'act']));
    const at = await authorize(svc.url, tax, new UserAgent(), rep.idNumber);
    expect(at.url).toMatch(/\/interaction\//);
    expect(at.html).toContain('某某建设有限公司');
    expect(at.html).toContain('value="self"');
    const done = await chooseOrg(svc.url, tax, at, firm.id);
    expect(done.url.startsWith(tax.redirect)).toBe(true);
    const tokens = await tokensFor(tax, done);
    const claims = tokens.claims();
    expect(claims?.sub).toBe(rep.id);
    expect(claims?.org).toEqual({ credit_code: creditCode(1), name: '某某建设有限公司' });
    expect(claims?.act).toEqual({ sub: rep.id, role: 'legal_representative' });
    const userinfo = await oidc.fetchUserInfo(tax.config, tokens.access_token, rep.id);
    expect(userinfo).toMatchObject({ sub: rep.id, name: '张法人', org: { credit_code: creditCode(1) }, act: { sub: rep.id, role: 'legal_representative' } });
    const introspected = await oidc.tokenIntrospection(tax.config, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, org: { credit_code: creditCode(1) }, act: { role: 'legal_representative' } });
    // Refresh keeps acting while the person may.
    const refreshed = await oidc.refreshTokenGrant(tax.config, tokens.refresh_token as string);
    expect(refreshed.claims()?.org).toEqual({ credit_code: creditCode(1), name: '某某建设有限公司' });
    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'acting.select');
    expect(audit.some((r) => r.actorId === rep.id && r.object === firm.id && r.outcome === 'success')).toBe(true);
  });

  it('reads the acting choice once per token request, though the ID token and the access token both carry it', async () => {
    const at = await authorize(svc.url, tax, new UserAgent(), rep.idNumber, { prompt: 'select_org' });
    const done = await chooseOrg(svc.url, tax, at, firm.id);
    const kv = svc.container.kv;
    const get = kv.get.bind(kv);
    const reads: string[] = [];
    kv.get = async (key: string) => {
      if (key.startsWith('acting:grant:')) reads.push(key);
      return get(key);
    };
    try {
      const tokens = await tokensFor(tax, done);
      expect(tokens.claims()?.org).toEqual({ credit_code: creditCode(1), name: '某某建设有限公司' });
    } finally {
      kv.get = get;
    }
    expect(reads).toHaveLength(1);
    const introspected = await oidc.tokenIntrospection(tax.config, (await tokensFor(tax, await chooseOrg(svc.url, tax, await authorize(svc.url, tax, new UserAgent(), rep.idNumber, { prompt: 'select_org' }), firm.id))).access_token);
    expect(introspected).toMatchObject({ active: true, org: { credit_code: creditCode(1) }, act: { role: 'legal_representative' } });
  });

  it('asks after consent in a third-party app', async () => {
    const port = await freePort();
    const third = await app(svc.container, svc.issuer, '第三方应用（测试）', `http://127.0.0.1:${port}/cb`, ['openid', 'profile'], 'third_party');
    const at = await authorize(svc.url, third, new UserAgent(), rep.idNumber, REQUIRE_ORG);
    expect(at.html).toContain('/confirm');
    const consented = await at.ua.follow(new URL(formAction(at.html, '/confirm'), svc.url).href, third.redirect, { form: { csrf: csrfOf(at.html) } });
    const html = await consented.res.text();
    expect(html).toContain('某某建设有限公司');
    const tokens = await tokensFor(third, await chooseOrg(svc.url, third, { ...at, url: consented.url, html }, firm.id));
    // A third-party app sees pairwise subjects: `act.sub` is the person's, never the account id.
    const sub = tokens.claims()?.sub;
    expect(sub).toMatch(/^p_/);
    expect(tokens.claims()?.act).toEqual({ sub, role: 'legal_representative' });
  });

  it('acts as the person when they choose themself, remembers it, and switches with prompt=select_org', async () => {
    const ua = new UserAgent();
    const first = await chooseOrg(svc.url, tax, await authorize(svc.url, tax, ua, rep.idNumber), 'self');
    const own = await tokensFor(tax, first);
    expect(own.claims()?.org).toBeUndefined();
    expect(own.claims()?.act).toBeUndefined();
    // The same session again: the choice stands, no page.
    const again = await authorize(svc.url, tax, ua, null);
    expect(again.url.startsWith(tax.redirect)).toBe(true);
    // The app lets the person switch.
    const switching = await authorize(svc.url, tax, ua, null, { prompt: 'select_org' });
    expect(switching.html).toContain('某某建设有限公司');
    const switched = await tokensFor(tax, await chooseOrg(svc.url, tax, switching, firm.id));
    expect(switched.claims()?.org).toMatchObject({ credit_code: creditCode(1) });
    expect(switched.claims()?.act).toEqual({ sub: rep.id, role: 'legal_representative' });
  });

  it('makes an app that requires an enterprise offer no "myself", and refuses "myself" when posted', async () => {
    const at = await authorize(svc.url, permits, new UserAgent(), agent.idNumber, REQUIRE_ORG);
    expect(at.html).toContain('某某建设有限公司');
    expect(at.html).not.toContain('value="self"');
    const refused = await chooseOrg(svc.url, permits, at, 'self');
    expect(refused.status).toBe(400);
    expect(refused.url).toMatch(/\/interaction\//);
    const bad = await chooseOrg(svc.url, permits, at, '<script>');
    expect(bad.status).toBe(400);
    const done = await chooseOrg(svc.url, permits, at, firm.id);
    const tokens = await tokensFor(permits, done);
    expect(tokens.claims()?.org).toEqual({ credit_code: creditCode(1), name: '某某建设有限公司' });
    expect(tokens.claims()?.act).toEqual({ sub: agent.id, role: 'agent' });
  });

  it('refuses an agent outside their scope and an agent past expiry: the app cannot get an enterprise', async () => {
    for (const who of [narrow, lapsed, plain]) {
      const at = await authorize(svc.url, tax, new UserAgent(), who.idNumber, REQUIRE_ORG);
      expect(at.html).toContain('id="no-org"');
      expect(at.html).not.toContain('某某建设有限公司');
      // A forged choice is refused and audited; cancelling sends the app access_denied.
      const forged = await at.ua.follow(`${at.url}/org`, tax.redirect, { form: { csrf: csrfOf(at.html), org: firm.id } });
      expect(forged.res.status).toBe(403);
      expect(await forged.res.text()).toContain('role="alert"');
      const cancelled = await at.ua.follow(new URL(formAction(at.html, '/abort'), svc.url).href, tax.redirect, { form: { csrf: csrfOf(at.html) } });
      expect(new URL(cancelled.url).searchParams.get('error')).toBe('access_denied');
    }
    // Without a requirement the out-of-scope and lapsed agents are simply not asked.
    for (const who of [narrow, lapsed]) {
      const at = await authorize(svc.url, tax, new UserAgent(), who.idNumber);
      expect(at.url.startsWith(tax.redirect)).toBe(true);
      expect((await tokensFor(tax, at)).claims()?.org).toBeUndefined();
    }
    // In the app of their scope, the narrow agent acts.
    const inScope = await authorize(svc.url, permits, new UserAgent(), narrow.idNumber, REQUIRE_ORG);
    const tokens = await tokensFor(permits, await chooseOrg(svc.url, permits, inScope, firm.id));
    expect(tokens.claims()?.act).toEqual({ sub: narrow.id, role: 'agent' });
    const denied = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'acting.select' && r.outcome === 'denied');
    expect(denied.map((r) => r.actorId)).toEqual(expect.arrayContaining([narrow.id, lapsed.id, plain.id]));
  });

  it('fails the next token refresh and userinfo of an agent once revoked', async () => {
    const c = svc.container;
    const ghost = await citizen(c, '孙经办', 106);
    const g = await grantAgent(c.acting, caller(), firm.id, { agent: { idNumber: ghost.idNumber }, scope: [tax.clientId], expiresAt: NEXT_YEAR }, req);
    const ua = new UserAgent();
    const at = await authorize(svc.url, tax, ua, ghost.idNumber, REQUIRE_ORG);
    const tokens = await tokensFor(tax, await chooseOrg(svc.url, tax, at, firm.id));
    expect(tokens.claims()?.act).toEqual({ sub: ghost.id, role: 'agent' });
    const refreshed = await oidc.refreshTokenGrant(tax.config, tokens.refresh_token as string);
    await revokeAgent(c.acting, caller(), firm.id, g.id, req);
    await expect(oidc.refreshTokenGrant(tax.config, refreshed.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(tax.config, refreshed.access_token, ghost.id)).rejects.toMatchObject({ status: 401, cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_token' }) })] });
    // Back at the app in the same session: asked again (only "as myself" is left), not stuck.
    const back = await authorize(svc.url, tax, ua, null);
    expect(back.html).toContain('value="self"');
    expect(back.html).not.toContain('某某建设有限公司');
    const own = await tokensFor(tax, await chooseOrg(svc.url, tax, back, 'self'));
    expect(own.claims()?.sub).toBe(ghost.id);
    expect(own.claims()?.org).toBeUndefined();
  });
});
