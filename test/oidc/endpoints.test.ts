// Client credentials, SMS-code login over HTTP, language and large-text pages, identical answers
// for unknown accounts and wrong passwords, and bad input that must never cause a 500.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const REDIRECT = 'https://app.example.gov.cn/cb';

describe('OpenID endpoints', () => {
  let svc: OidcTestService;
  let web: oidc.Configuration;
  let service: { clientId: string; clientSecret: string };
  let smsMessages: Map<string, string>;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    smsMessages = (c.identity.sms as unknown as { sent: Map<string, string> }).sent;
    await createAccount(c.identity, { kind: 'citizen', name: '李四', idNumber: residentId(31), phone: '13800000031', assurance: 'L2', password: 'password 31 long' }, system);
    const first = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system);
    const backend = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '证照系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false,
    }, system);
    service = { clientId: backend.clientId, clientSecret: backend.clientSecret as string };
    web = await oidc.discovery(new URL(svc.issuer), first.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => svc?.stop());

  async function loginPage(ua: UserAgent, query = '') {
    const url = oidc.buildAuthorizationUrl(web, {
      redirect_uri: REDIRECT, scope: 'openid profile', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const step = await ua.follow(url.href, REDIRECT);
    if (!query) return { url: step.url, html: await step.res.text() };
    const res = await ua.request(`${step.url}${query}`);
    return { url: step.url, html: await res.text() };
  }

  it('issues client-credentials tokens for the API resource, which introspect as active', async () => {
    const cfg = await oidc.discovery(new URL(svc.issuer), service.clientId, service.clientSecret, oidc.ClientSecretBasic(service.clientSecret), { execute: [oidc.allowInsecureRequests] });
    const t = await oidc.clientCredentialsGrant(cfg, { scope: 'licences', resource: `${svc.url}/api` });
    expect(t.access_token).toBeTruthy();
    expect(await oidc.tokenIntrospection(cfg, t.access_token)).toMatchObject({ active: true, client_id: service.clientId, aud: `${svc.url}/api`, scope: 'licences' });
    await expect(oidc.clientCredentialsGrant(cfg, { scope: 'licences', resource: 'https://elsewhere.example/api' })).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('sends no token whose issue could not be audited', async () => {
    const store = svc.container.auditStore;
    const insert = store.insertIfAbsent.bind(store);
    const tokenRequest = () => fetch(`${svc.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${service.clientId}:${service.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'licences', resource: `${svc.url}/api` }).toString(),
    });
    store.insertIfAbsent = async () => { throw new Error('audit database down'); };
    try {
      const res = await tokenRequest();
      expect(res.status).toBe(503);
      const body = await res.json() as Record<string, unknown>;
      expect(body).toMatchObject({ error: 'temporarily_unavailable' });
      expect(body).not.toHaveProperty('access_token');
    } finally {
      store.insertIfAbsent = insert;
    }
    const again = await tokenRequest();
    expect(again.status).toBe(200);
    expect(await again.json()).toHaveProperty('access_token');
  });

  it('signs in with an SMS code; a first-party app needs no consent page', async () => {
    const ua = new UserAgent();
    const { url } = await loginPage(ua);
    const sms = await (await ua.request(`${url}?tab=sms`)).text();
    expect(sms).toContain('name="code"');
    const sent = await ua.request(new URL(formAction(sms, '/sms/send'), svc.url).href, { form: { csrf: csrfOf(sms), phone: '13800000031' } });
    const codePage = await sent.text();
    expect(sent.status).toBe(200);
    const code = /(\d{6})/.exec(smsMessages.get('13800000031') ?? '')?.[1] as string;
    expect(codePage).toContain(`action="${new URL(url).pathname}/sms"`);
    const done = await ua.follow(`${url}/sms`, REDIRECT, { form: { csrf: csrfOf(codePage), phone: '13800000031', code } });
    expect(done.url.startsWith(REDIRECT)).toBe(true);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();
  });

  it('serves Chinese by default, English on request, and a large-text mode, with CSS from a file', async () => {
    const ua = new UserAgent();
    const zh = await loginPage(ua);
    expect(zh.html).toContain('lang="zh-CN"');
    expect(zh.html).toContain('登录统一身份认证平台');
    expect(zh.html).not.toMatch(/<script|style=/);
    const en = await loginPage(ua, '?lang=en&large=1');
    expect(en.html).toContain('Sign in to the city identity service');
    expect(en.html).toContain('class="large"');
    const css = await fetch(`${svc.url}/static/yinxin.css`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain('body.large');
    const viaHeader = await fetch(`${svc.url}/oidc/auth?client_id=nobody`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(viaHeader.status).toBe(400);
    expect(await viaHeader.text()).toContain('Something went wrong');
  });

  it('answers an unknown account exactly as a wrong password', async () => {
    const ua = new UserAgent();
    const { html } = await loginPage(ua);
    const post = (login: string) => ua.request(new URL(formAction(html, '/login'), svc.url).href, { form: { csrf: csrfOf(html), login, password: 'not the password' } });
    const unknown = await post('13900000099');
    const wrong = await post('13800000031');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(await unknown.text())).toBe(strip(await wrong.text()));
  });

  it('turns bad input into an OAuth error or a clear page, never a 500', async () => {
    const ua = new UserAgent();
    const { url, html } = await loginPage(ua);
    const csrf = csrfOf(html);
    const probes: Response[] = [
      await ua.request(`${url}/login`, { form: { csrf, login: '', password: '' } }),
      await ua.request(`${url}/login`, { form: { csrf, login: 'x'.repeat(5000), password: 'y' } }),
      await ua.request(`${url}/sms/send`, { form: { csrf, phone: 'not a phone' } }),
      await ua.request(`${url}/sms`, { form: { csrf, phone: '13800000031', code: 'abc' } }),
      await ua.request(`${url}/confirm`, { form: { csrf } }),
      await ua.request(`${svc.url}/interaction/../../etc/passwd`),
      await ua.request(`${svc.url}/interaction/nonexistent-uid`),
      await ua.request(`${svc.url}/interaction/nonexistent-uid/login`, { form: { csrf: 'x', login: 'a', password: 'b' } }),
      await fetch(`${svc.url}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nonsense' }),
      await fetch(`${svc.url}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      await fetch(`${svc.url}/oidc/auth?response_type=code&client_id=${'%'.repeat(3)}`),
      await fetch(`${svc.url}/oidc/me`, { headers: { authorization: 'Bearer junk' } }),
      await fetch(`${svc.url}/oidc/token/introspection`, { method: 'POST', body: 'token=x' }),
      await fetch(`${svc.url}/oidc/session/end?id_token_hint=junk`),
    ];
    for (const res of probes) {
      expect(res.status, res.url).toBeGreaterThanOrEqual(200);
      expect(res.status, res.url).toBeLessThan(500);
    }
  });
});
