// Forgot password through the real service over HTTP: the pages answer a known and an unknown
// number alike (status, redirect and page), a cross-site post finds no reset, and a reset ends the
// account's sign-ins everywhere: the app it signed in to gets a back-channel logout token and its
// refresh token no longer works.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const PHONE = '13800000701';

describe('forgot password over HTTP', () => {
  let svc: OidcTestService;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let rpConfig: oidc.Configuration;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    await createAccount(c.identity, { kind: 'citizen', name: '重设', idNumber: null, phone: PHONE, password: 'Old-Pass-0701', assurance: 'L1' }, system);
    rp = await startTestRelyingParty();
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '社保查询', kind: 'first_party', public: false, redirectUris: [`${rp.url}/cb`], postLogoutRedirectUris: [],
      backchannelLogoutUri: `${rp.url}/backchannel`, grantTypes: ['authorization_code', 'refresh_token'], refreshPolicy: 'always', scopes: ['openid'], fullIdNumber: false,
    }, system);
    rpConfig = await oidc.discovery(new URL(svc.issuer), app.clientId, { client_secret: app.clientSecret as string }, oidc.ClientSecretBasic(app.clientSecret as string), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await rp?.close();
    await svc?.stop();
  });

  const sms = () => (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent;

  /** Ask for a code for `phone` in a fresh browser; the answer to the post and the page after it. */
  async function ask(phone: string) {
    const ua = new UserAgent();
    await (await ua.request(`${svc.url}/account/forgot`)).text();
    const posted = await ua.request(`${svc.url}/account/forgot`, { form: { phone } });
    const page = await ua.request(new URL(posted.headers.get('location') ?? '/', svc.url).href);
    return { ua, status: posted.status, location: posted.headers.get('location'), pageStatus: page.status, page: await page.text() };
  }

  it('answers a known and an unknown number alike', async () => {
    const known = await ask(PHONE);
    const unknown = await ask('13800000702');
    expect(known.status).toBe(303);
    expect({ ...unknown, ua: null }).toEqual({ ...known, ua: null });
    expect(known.page).toContain('如果此号码已登记，验证码已发送到该号码');
    expect(sms().has('13800000702')).toBe(false);
    expect(sms().get(PHONE)).toMatch(/重设密码验证码 \d{6}/);
  });

  it('speaks English when asked, and the English sign-in page links it', async () => {
    const page = await (await fetch(`${svc.url}/account/forgot?lang=en`)).text();
    expect(page).toContain('<h1>Forgot password</h1>');
    expect(page).toContain('Enter the mobile number on record for your account.');
    const ua = new UserAgent();
    const login = await ua.follow(oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: `${rp.url}/cb`, scope: 'openid', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    }).href, `${rp.url}/cb`);
    await login.res.arrayBuffer();
    const html = await (await ua.request(`${login.url}?lang=en`)).text();
    const link = /<a href="(\/account\/forgot\?return=[^"]+)" id="forgot-link">Forgot password\?<\/a>/.exec(html);
    expect(link?.[1]).toBe(`/account/forgot?return=${encodeURIComponent(new URL(login.url).pathname)}`);
  });

  it('a post from another site carries no reset cookie and resets nothing', async () => {
    const { ua } = await ask(PHONE);
    const code = /(\d{6})/.exec(sms().get(PHONE) ?? '')?.[1] as string;
    const crossSite = await fetch(`${svc.url}/account/forgot/code`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ code, password: 'Evil-Pass-0709', confirm: 'Evil-Pass-0709' }),
    });
    expect(crossSite.status).toBe(403);
    const noCookie = await fetch(`${svc.url}/account/forgot/code`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, password: 'Evil-Pass-0709', confirm: 'Evil-Pass-0709' }),
    });
    expect(noCookie.status).toBe(400);
    // The browser that asked still can.
    expect(ua.cookies.has('yx_reset')).toBe(true);
  });

  it('a reset ends the sign-ins: a back-channel logout token, and the refresh token fails', async () => {
    const ua = new UserAgent();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: `${rp.url}/cb`, scope: 'openid', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', prompt: 'consent',
    });
    const page = await ua.follow(url.href, `${rp.url}/cb`);
    const html = await page.res.text();
    let step = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, `${rp.url}/cb`, { form: { csrf: csrfOf(html), login: PHONE, password: 'Old-Pass-0701' } });
    if (!step.url.startsWith(`${rp.url}/cb`)) {
      const consent = await step.res.text();
      step = await ua.follow(new URL(formAction(consent, '/confirm'), svc.url).href, `${rp.url}/cb`, { form: { csrf: csrfOf(consent) } });
    }
    const tokens = await oidc.authorizationCodeGrant(rpConfig, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(rpConfig, tokens.refresh_token as string);

    const before = rp.logoutTokens.length;
    const { ua: browser } = await ask(PHONE);
    const code = /(\d{6})/.exec(sms().get(PHONE) ?? '')?.[1] as string;
    const done = await browser.request(`${svc.url}/account/forgot/code`, { form: { code, password: 'New-Pass-0702', confirm: 'New-Pass-0702' } });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('密码已重设');
    expect(browser.cookies.has('yx_reset')).toBe(false);
    expect(rp.logoutTokens.length).toBe(before + 1);
    await expect(oidc.refreshTokenGrant(rpConfig, refreshed.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    const audit = (await svc.container.auditStore.page(0, 5000)).filter((r) => r.action === 'account.password.reset' && r.outcome === 'success');
    expect(audit).toHaveLength(1);
  });
});
