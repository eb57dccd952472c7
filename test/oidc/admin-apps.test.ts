// Staff administrators: a one-time password at sign-in (enrolled by QR code the first time), and
// the app administration API that takes yinxin's own access tokens with the `admin` scope.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'admin passphrase 77';

describe('staff administrators and the app administration API', () => {
  let svc: OidcTestService;
  let consoleId: string;
  let adminId: string;
  let totpSecret: string;
  let adminToken: string;
  let adminIdToken: string;
  let firstCode: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const f = await adminFixture(svc.container, PASSWORD);
    consoleId = f.consoleId;
    adminId = f.admin.id;
  });
  afterAll(async () => svc?.stop());

  const api = (path: string, token: string | null, init: { method?: string; body?: unknown } = {}) => fetch(`${svc.url}/api/admin/apps${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });

  it('enrols an authenticator at the first sign-in of an app administrator; amr then includes otp', async () => {
    const ua = new UserAgent();
    const signIn = await signInToConsole(svc.url, consoleId, 'A001', PASSWORD, (secret) => (firstCode = totpCode(secret as string)), ua);
    expect(signIn.enrolledSecret).toMatch(/^[A-Z2-7]{32}$/);
    totpSecret = signIn.enrolledSecret as string;
    const claims = signIn.tokens.claims();
    expect(claims?.amr).toEqual(['pwd', 'otp']);
    expect(signIn.tokens.scope?.split(' ')).toContain('admin');
    adminToken = signIn.tokens.access_token;
    adminIdToken = signIn.tokens.id_token as string;
    const account = await svc.container.identity.accounts.findById(adminId);
    expect(account?.totpSealed).toBeTruthy();
    expect(account?.totpSealed).not.toContain(totpSecret);
  });

  it('asks for the one-time password at later sign-ins, refuses a wrong or replayed code', async () => {
    const ua = new UserAgent();
    const config = await oidc.discovery(new URL(svc.issuer), consoleId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: 'https://console.example.gov.cn/cb', scope: 'openid', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const login = await ua.follow(url.href, 'https://console.example.gov.cn/cb');
    const loginHtml = await login.res.text();
    const step = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, 'https://console.example.gov.cn/cb', { form: { csrf: csrfOf(loginHtml), login: 'A001', password: PASSWORD } });
    expect(step.url).toMatch(/\/totp$/);
    const html = await step.res.text();
    expect(html).not.toContain('totp-secret');
    expect(html).toContain('name="otp"');
    const post = (otp: string) => ua.request(`${step.url}`, { form: { csrf: csrfOf(html), otp } });
    const wrong = await post(totpCode(totpSecret, 5));
    expect(wrong.status).toBe(401);
    // The code the first sign-in used is spent.
    const replayed = await post(firstCode);
    expect(replayed.status).toBe(401);
    const ok = await post(totpCode(totpSecret, 1));
    expect(ok.status).toBe(303);
    const actions = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.action === 'login.totp').map((r) => r.outcome);
    expect(actions).toEqual(expect.arrayContaining(['success', 'failure']));
  });

  it('registers third-party apps with pairwise subjects for their sector, and sets the ID token algorithm', async () => {
    const created = await api('', adminToken, { body: {
      name: '公积金', kind: 'third_party', public: true, redirectUris: ['https://gjj.example.gov.cn/cb'],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'],
    } });
    const { clientId, app } = await created.json() as { clientId: string; app: Record<string, unknown> };
    expect(app).toMatchObject({ subjectType: 'pairwise', sector: 'gjj.example.gov.cn', idTokenAlg: 'ES256' });
    const rs = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { idTokenAlg: 'RS256', sector: 'housing.example.gov.cn' } });
    expect((await rs.json() as { app: unknown }).app).toMatchObject({ idTokenAlg: 'RS256', sector: 'housing.example.gov.cn', subjectType: 'pairwise' });
    // The sector stays when the redirect URIs change, so people keep their identifier.
    const moved = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { redirectUris: ['https://new.example.gov.cn/cb'] } });
    expect((await moved.json() as { app: unknown }).app).toMatchObject({ sector: 'housing.example.gov.cn' });
    // Once public, an app stays public through later changes (its people keep their identifier).
    const pub = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { subjectType: 'public' } });
    expect((await pub.json() as { app: unknown }).app).toMatchObject({ subjectType: 'public', sector: null });
    const renamed = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { name: '住房公积金' } });
    expect((await renamed.json() as { app: unknown }).app).toMatchObject({ subjectType: 'public', kind: 'third_party' });
    expect((await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { idTokenAlg: 'HS256' } })).status).toBe(400);
    expect((await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { sector: 'Bad Sector' } })).status).toBe(400);
    const first = await api('', adminToken, { body: {
      name: '政务网', kind: 'first_party', public: true, redirectUris: ['https://www.example.gov.cn/cb'], grantTypes: ['authorization_code'], scopes: ['openid'],
    } });
    expect((await first.json() as { app: unknown }).app).toMatchObject({ subjectType: 'public', sector: null });
  });

  it('sets the refresh policy at registration: offline_access by default, always only with the refresh grant', async () => {
    const created = await api('', adminToken, { body: {
      name: '掌上办', kind: 'first_party', public: false, redirectUris: ['https://app.example.gov.cn/cb'],
      grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'offline_access'],
    } });
    const { clientId, app } = await created.json() as { clientId: string; app: Record<string, unknown> };
    expect(app).toMatchObject({ refreshPolicy: 'offline_access' });
    const always = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { refreshPolicy: 'always' } });
    expect((await always.json() as { app: unknown }).app).toMatchObject({ refreshPolicy: 'always' });
    const noGrant = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { grantTypes: ['authorization_code'] } });
    expect([noGrant.status, ((await noGrant.json()) as { error: { code: string } }).error.code]).toEqual([400, 'ERR_VALIDATION']);
    expect((await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { refreshPolicy: 'sometimes' } })).status).toBe(400);
  });

  it('registers, lists, updates, rotates and disables apps; the secret is shown once and stored hashed', async () => {
    const created = await api('', adminToken, { body: {
      name: '不动产登记', kind: 'third_party', public: false, redirectUris: ['https://bdc.example.gov.cn/cb'],
      grantTypes: ['authorization_code', 'client_credentials'], scopes: ['openid', 'profile', 'licences'],
    } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { clientId, clientSecret, app } = await created.json() as { clientId: string; clientSecret: string; app: Record<string, unknown> };
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app).toMatchObject({ clientId, status: 'active', public: false, kind: 'third_party' });
    expect(JSON.stringify(app)).not.toContain(clientSecret);
    expect(JSON.stringify(await svc.container.knex('apps').select('*'))).not.toContain(clientSecret);

    const list = await (await api('', adminToken)).json() as { apps: { clientId: string }[] };
    expect(list.apps.map((a) => a.clientId)).toContain(clientId);
    expect(JSON.stringify(list)).not.toContain(clientSecret);

    const updated = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { redirectUris: ['https://bdc.example.gov.cn/callback'], scopes: ['openid', 'licences'] } });
    expect(updated.status).toBe(200);
    expect((await updated.json() as { app: unknown }).app).toMatchObject({ redirectUris: ['https://bdc.example.gov.cn/callback'], scopes: ['openid', 'licences'] });

    const grant = async (secret: string) => {
      const cfg = await oidc.discovery(new URL(svc.issuer), clientId, secret, oidc.ClientSecretPost(secret), { execute: [oidc.allowInsecureRequests] });
      return oidc.clientCredentialsGrant(cfg, { scope: 'licences', resource: `${svc.url}/api` });
    };
    expect((await grant(clientSecret)).access_token).toBeTruthy();
    const rotated = await (await api(`/${clientId}/secret`, adminToken, { method: 'POST' })).json() as { clientSecret: string };
    await expect(grant(clientSecret)).rejects.toMatchObject({ error: 'invalid_client' });
    expect((await grant(rotated.clientSecret)).access_token).toBeTruthy();

    const disabled = await api(`/${clientId}/disable`, adminToken, { method: 'POST' });
    expect((await disabled.json() as { app: { status: string } }).app.status).toBe('disabled');
    await expect(grant(rotated.clientSecret)).rejects.toMatchObject({ error: 'invalid_client' });

    const audit = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.object === clientId && r.action.startsWith('app.'));
    expect(audit.map((r) => r.action)).toEqual(['app.register', 'app.update', 'app.secret.rotate', 'app.disable']);
    expect(new Set(audit.map((r) => r.actorId))).toEqual(new Set([adminId]));
  });

  it('validates bodies and never answers 500', async () => {
    const bad = [
      await api('', adminToken, { body: { name: '', kind: 'x' } }),
      await api('', adminToken, { body: { name: 'a', kind: 'first_party', public: true, redirectUris: ['https://a/cb'], grantTypes: ['client_credentials'], scopes: ['openid'] } }),
      await api('', adminToken, { body: { name: 'a', kind: 'first_party', public: false, redirectUris: ['https://a/cb#frag'], grantTypes: ['authorization_code'], scopes: ['openid'] } }),
      await api('', adminToken, { body: { name: 'a', kind: 'first_party', public: false, redirectUris: ['https://a/cb'], grantTypes: ['authorization_code'], scopes: ['everything'] } }),
      await api('/no-such-app', adminToken, { method: 'PATCH', body: { name: 'x' } }),
      await api('/no-such-app', adminToken, { method: 'PATCH', body: {} }),
      await api('/..%2F..', adminToken, { method: 'POST', body: {} }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 404, 400, 404]);
  });

  it('refuses script, data and file redirect URIs, naming the field; native apps get loopback and private-use schemes; the provider accepts what is stored', async () => {
    const register = (over: Record<string, unknown>) => api('', adminToken, { body: {
      name: '测试应用', kind: 'third_party', public: true, redirectUris: ['https://t.example.gov.cn/cb'], grantTypes: ['authorization_code'], scopes: ['openid'], ...over,
    } });
    const refusals: [Record<string, unknown>, (string | number)[]][] = [
      [{ redirectUris: ['javascript:alert(document.domain)'] }, ['redirectUris', 0]],
      [{ redirectUris: ['https://t.example.gov.cn/cb', 'data:text/html;base64,PHNjcmlwdD4='] }, ['redirectUris', 1]],
      [{ postLogoutRedirectUris: ['file:///etc/passwd'] }, ['postLogoutRedirectUris', 0]],
      [{ applicationType: 'native', redirectUris: ['vbscript:msgbox(1)'] }, ['redirectUris', 0]],
      [{ applicationType: 'native', redirectUris: ['http://localhost:7000/cb'] }, ['redirectUris', 0]],
      [{ applicationType: 'native', redirectUris: ['http://t.example.gov.cn/cb'] }, ['redirectUris', 0]],
      [{ redirectUris: ['cn.gov.t.app:/cb'] }, ['redirectUris', 0]],
      [{ public: false, backchannelLogoutUri: 'javascript:alert(1)' }, ['backchannelLogoutUri']],
    ];
    for (const [over, path] of refusals) {
      const res = await register(over);
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(await res.json(), JSON.stringify(over)).toMatchObject({ error: { code: 'ERR_VALIDATION', issues: [{ path }] } });
    }
    const made = await register({ applicationType: 'native', redirectUris: ['http://127.0.0.1/cb', 'http://[::1]/cb', 'cn.gov.t.app:/cb', 'https://t.example.gov.cn/app'] });
    expect(made.status).toBe(201);
    const { clientId, app } = await made.json() as { clientId: string; app: Record<string, unknown> };
    expect(app).toMatchObject({ applicationType: 'native' });
    const patched = await api(`/${clientId}`, adminToken, { method: 'PATCH', body: { postLogoutRedirectUris: ['javascript:x'] } });
    expect(await patched.json()).toMatchObject({ error: { code: 'ERR_VALIDATION', issues: [{ path: ['postLogoutRedirectUris', 0] }] } });
    // Outside production a web app may redirect over http anywhere (development).
    const dev = await register({ redirectUris: ['http://rp.test:3000/cb'] });
    expect(dev.status).toBe(201);
    // oidc-provider loads each stored app as a client without complaint.
    const provider = await svc.container.oidcProvider();
    for (const id of [clientId, (await dev.json() as { clientId: string }).clientId]) {
      const client = await provider.Client.find(id);
      expect(client?.clientId).toBe(id);
    }
    expect((await provider.Client.find(clientId))?.redirectUriAllowed('http://127.0.0.1:51234/cb')).toBe(true);
  });

  it('refuses callers without an admin token from a one-time-password session', async () => {
    expect((await api('', null)).status).toBe(401);
    expect((await api('', 'not-a-token-at-all-xxxxxxxxxxxx')).status).toBe(401);
    // A clerk's token (no app administrator role, no one-time password).
    const clerk = await signInToConsole(svc.url, consoleId, 'C001', PASSWORD, () => '000000');
    expect(clerk.enrolledSecret).toBeNull();
    expect((await api('', clerk.tokens.access_token)).status).toBe(403);
    // A system's token by client credentials, even with the admin scope.
    const c = svc.container;
    const system = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['admin'], fullIdNumber: false,
    }, { id: 'system:test', kind: 'system' });
    const cfg = await oidc.discovery(new URL(svc.issuer), system.clientId, system.clientSecret as string, oidc.ClientSecretPost(system.clientSecret as string), { execute: [oidc.allowInsecureRequests] });
    const cc = await oidc.clientCredentialsGrant(cfg, { scope: 'admin', resource: `${svc.url}/api` });
    expect((await api('', cc.access_token)).status).toBe(401);
    // The ID token is no access token.
    expect((await api('', adminIdToken)).status).toBe(401);
    expect((await api('', adminToken)).status).toBe(200);
    const denied = (await c.auditStore.page(0, 1000)).filter((r) => r.action === 'admin.access').map((r) => JSON.parse(r.details).reason);
    expect(denied).toContain('not_a_system_admin');
  });
});
