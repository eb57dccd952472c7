// Certificate login through the sign-in page without a browser, as /static/cert-login.js does
// it: challenge → the test client's software key signs (standing in for the USB key's local
// middleware) → post → the app receives an ID token at L4 with amr hwk.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { issueStaffCertificate } from '../../src/services/identity/issue-staff-certificate.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { signChallenge, softwareKey } from '../support/cert-login.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const REDIRECT = 'https://office.example.gov.cn/cb';
const system = { id: 'system:test', kind: 'system' as const };

describe('certificate login through the sign-in page', () => {
  let svc: OidcTestService;
  let config: oidc.Configuration;
  let staffId: string;
  const key = softwareKey();
  let certDer: Uint8Array;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    await c.identity.accounts.addDepartment({ id: 'dsj', parentId: null, name: '大数据局', kind: 'bureau' });
    staffId = (await createAccount(c.identity, { kind: 'staff', name: '周办事', staffNumber: 'S200', departmentId: 'dsj', roles: ['clerk'] }, system)).id;
    certDer = (await issueStaffCertificate(c.certLogin, { staffNumber: 'S200', publicKey: key.publicKey }, system)).certificate.der;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '协同办公', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'staff'], fullIdNumber: false,
    }, system);
    config = await oidc.discovery(new URL(svc.issuer), app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => { await svc?.stop(); });

  async function loginPage(ua: UserAgent) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: 'openid profile staff', acr_values: 'L4',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const step = await ua.follow(url.href, REDIRECT);
    const html = await step.res.text();
    const base = formAction(html, '/login').replace(/\/login$/, '');
    return { verifier, csrf: csrfOf(html), base: new URL(base, svc.url).href, pageUrl: step.url };
  }

  async function postJson(ua: UserAgent, url: string, body: unknown) {
    const res = await fetch(url, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/json', cookie: [...ua.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  }

  it('offers a certificate tab that may reach the local signing middleware only', async () => {
    const ua = new UserAgent();
    const { pageUrl } = await loginPage(ua);
    const res = await ua.request(`${pageUrl}?tab=cert`);
    const html = await res.text();
    expect(html).toContain('id="cert-login"');
    expect(html).toContain('src="/static/cert-login.js"');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:21061");
    const js = await fetch(`${svc.url}/static/cert-login.js`);
    expect(js.status).toBe(200);
  });

  it('signs in with a staff certificate: the ID token carries acr L4 and amr hwk', async () => {
    const ua = new UserAgent();
    const { verifier, csrf, base } = await loginPage(ua);
    const challenge = await postJson(ua, `${base}/cert/challenge`, { csrf });
    expect(challenge.status).toBe(200);
    const signed = signChallenge(challenge.json.challenge as string, key, certDer);
    const done = await postJson(ua, `${base}/cert`, { csrf, ...signed });
    expect(done.status).toBe(200);
    const step = await ua.follow(new URL(done.json.redirect as string, svc.url).href, REDIRECT);
    expect(step.url.startsWith(REDIRECT)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, idTokenExpected: true });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ sub: staffId, acr: 'L4', amr: ['hwk'] });
  });

  it('answers refusals and bad input with their codes, never a 500', async () => {
    const ua = new UserAgent();
    const { csrf, base } = await loginPage(ua);
    const fresh = async () => (await postJson(ua, `${base}/cert/challenge`, { csrf })).json.challenge as string;
    const wrongKey = await postJson(ua, `${base}/cert`, { csrf, ...signChallenge(await fresh(), softwareKey(), certDer) });
    expect(wrongKey).toMatchObject({ status: 401, json: { error: { code: 'ERR_CERT_LOGIN_SIGNATURE' } } });
    const signed = signChallenge(await fresh(), key, certDer);
    expect((await postJson(ua, `${base}/cert`, { csrf, ...signed, certificate: 'not base64!' })).json.error?.code).toBe('ERR_VALIDATION');
    expect((await postJson(ua, `${base}/cert`, { csrf, ...signed, extra: 1 })).status).toBe(400);
    expect((await postJson(ua, `${base}/cert`, { csrf, challenge: 'x', certificate: 'AAAA', signature: 'AAAA' })).json.error?.code).toBe('ERR_CERT_LOGIN_CHALLENGE');
    // A challenge is used up by a refused attempt too: the right signature cannot follow a wrong one.
    const otherSig = signChallenge(signed.challenge, softwareKey(), certDer).signature;
    expect((await postJson(ua, `${base}/cert`, { csrf, ...signed, signature: otherSig })).json.error?.code).toBe('ERR_CERT_LOGIN_SIGNATURE');
    const replay = await postJson(ua, `${base}/cert`, { csrf, ...signed });
    expect(replay.json.error?.code).toBe('ERR_CERT_LOGIN_CHALLENGE');
    const noCsrf = await fetch(`${base}/cert/challenge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noCsrf.status).toBeLessThan(500);
    const notJson = await fetch(`${base}/cert`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });
});
