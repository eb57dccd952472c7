// Self-registration from the login page and the real-name step-up, through the real service and
// an openid-client relying party; bad input on the new forms gets a page, never a 500.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const REDIRECT = 'https://app.example.gov.cn/cb';
// In the development register shipped with the service (dev/real-name-register.json).
const WANG = { name: '王五', idNumber: '330106199006150036' };

describe('citizen registration and real-name step-up', () => {
  let svc: OidcTestService;
  let web: oidc.Configuration;
  let sms: Map<string, string>;
  let apiApp: oidc.Configuration;
  const API_REDIRECT = 'https://portal.example.gov.cn/cb';
  const codeFor = (phone: string) => /(\d{6})/.exec(sms.get(phone) ?? '')?.[1] as string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    sms = (c.identity.sms as unknown as { sent: Map<string, string> }).sent;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system);
    web = await oidc.discovery(new URL(svc.issuer), app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const portal = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: '个人中心', kind: 'first_party', public: true, redirectUris: [API_REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'identity', 'holder'], fullIdNumber: false,
    }, system);
    apiApp = await oidc.discovery(new URL(svc.issuer), portal.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });

  /** An access token for yinxin's API with `scope`, for a citizen signing in with a password. */
  async function apiToken(login: string, password: string, scope: string): Promise<string> {
    const ua = new UserAgent();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(apiApp, {
      redirect_uri: API_REDIRECT, scope, resource: `${svc.url}/api`, state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const page = await ua.follow(url.href, API_REDIRECT);
    const html = await page.res.text();
    const done = await ua.follow(`${page.url}/login`, API_REDIRECT, { form: { csrf: csrfOf(html), login, password } });
    const tokens = await oidc.authorizationCodeGrant(apiApp, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${svc.url}/api` });
    return tokens.access_token;
  }
  afterAll(async () => svc?.stop());

  async function authorize(ua: UserAgent, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(web, {
      redirect_uri: REDIRECT, scope: 'openid profile', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    const step = await ua.follow(url.href, REDIRECT);
    // At the app's callback the redirect was already read: no page to return.
    const html = step.url.startsWith(REDIRECT) ? '' : await step.res.text();
    return { url: step.url, html, verifier, state };
  }

  async function tokensFrom(callback: string, a: { verifier: string; state: string }) {
    return oidc.authorizationCodeGrant(web, new URL(callback), { pkceCodeVerifier: a.verifier, expectedState: a.state });
  }

  async function register(ua: UserAgent, loginUrl: string, loginHtml: string, phone: string, fields: Record<string, string>) {
    const regHref = /href="([^"]+\/register)"/.exec(loginHtml)?.[1] as string;
    expect(regHref).toBe(`${new URL(loginUrl).pathname}/register`);
    const regPage = await (await ua.request(new URL(regHref, svc.url).href)).text();
    expect(regPage).not.toMatch(/<script|style=/);
    const sent = await ua.request(new URL(formAction(regPage, '/register/send'), svc.url).href, { form: { csrf: csrfOf(regPage), phone } });
    const codePage = await sent.text();
    expect(sent.status).toBe(200);
    expect(codePage).toContain(`value="${phone}"`);
    expect(codePage).toContain(`action="${new URL(loginUrl).pathname}/register"`);
    return ua.follow(`${loginUrl}/register`, REDIRECT, {
      form: { csrf: csrfOf(codePage), phone, code: codeFor(phone), ...fields },
    });
  }

  it('registers from the login page at L1 and finishes the sign-in with a code for the app', async () => {
    const ua = new UserAgent();
    const a = await authorize(ua);
    const done = await register(ua, a.url, a.html, '13600000001', { name: '新用户', password: 'new user password', idNumber: '' });
    expect(done.url.startsWith(REDIRECT)).toBe(true);
    const tokens = await tokensFrom(done.url, a);
    expect(tokens.claims()).toMatchObject({ acr: 'L1', amr: ['sms'] });
    const account = await svc.container.identity.accounts.findByLogin('phone:13600000001');
    expect(account).toMatchObject({ name: '新用户', assurance: 'L1', kind: 'citizen' });
    expect(tokens.claims()?.sub).toBe(account?.id);
  });

  it('shows clear errors for a wrong code and a bad ID number, keeping the code for a retry', async () => {
    const ua = new UserAgent();
    const a = await authorize(ua);
    const regPage = await (await ua.request(`${a.url}/register`)).text();
    await ua.request(`${a.url}/register/send`, { form: { csrf: csrfOf(regPage), phone: '13600000002' } });
    const code = codeFor('13600000002');
    const badId = await ua.request(`${a.url}/register`, { form: { csrf: csrfOf(regPage), phone: '13600000002', code, name: '某人', password: 'a fine password', idNumber: '110105198001010017' } });
    expect(badId.status).toBe(400);
    expect(await badId.text()).toContain('校验位');
    const wrong = await ua.request(`${a.url}/register`, { form: { csrf: csrfOf(regPage), phone: '13600000002', code: code === '000000' ? '111111' : '000000', name: '某人', password: 'a fine password' } });
    expect(wrong.status).toBe(401);
    const noCsrf = await ua.request(`${a.url}/register`, { form: { phone: '13600000002', code, name: '某人', password: 'a fine password' } });
    expect(noCsrf.status).toBe(403);
  });

  it('sends an L1 citizen asked for L2 to the real-name check, then gives the app L2', async () => {
    const ua = new UserAgent();
    const first = await authorize(ua);
    const done = await register(ua, first.url, first.html, '13600000003', { name: '王 五', password: 'wang wu password' });
    expect(done.url.startsWith(REDIRECT)).toBe(true);

    // The same browser session (L1) now meets an app asking for L2: sign in again, then the check.
    const a = await authorize(ua, { acr_values: 'L2' });
    // The page asks for the real-name check in words, not by the level's code.
    const stepUp = /id="step-up">([^<]*)</.exec(a.html)?.[1] ?? '';
    expect(stepUp).toContain('需要完成实名核验');
    expect(stepUp).not.toContain('L2');
    const afterLogin = await ua.request(`${a.url}/login`, { form: { csrf: csrfOf(a.html), login: '13600000003', password: 'wang wu password' } });
    expect(afterLogin.status).toBe(303);
    expect(afterLogin.headers.get('location')).toBe(`${new URL(a.url).pathname}/real-name`);
    const checkPage = await (await ua.request(`${a.url}/real-name`)).text();
    expect(checkPage).toContain('name="idNumber"');
    const mismatch = await ua.request(`${a.url}/real-name`, { form: { csrf: csrfOf(checkPage), name: '王六', idNumber: WANG.idNumber } });
    expect(mismatch.status).toBe(422);
    const bad = await ua.request(`${a.url}/real-name`, { form: { csrf: csrfOf(checkPage), name: WANG.name, idNumber: 'x'.repeat(40) } });
    expect(bad.status).toBe(400);
    const ok = await ua.follow(`${a.url}/real-name`, REDIRECT, { form: { csrf: csrfOf(checkPage), name: WANG.name, idNumber: WANG.idNumber } });
    expect(ok.url.startsWith(REDIRECT)).toBe(true);
    const tokens = await tokensFrom(ok.url, a);
    expect(tokens.claims()).toMatchObject({ acr: 'L2' });
    expect(await svc.container.identity.accounts.findByLogin('phone:13600000003')).toMatchObject({ assurance: 'L2', name: '王五' });
  });

  it('offers a signed-in L1 citizen the real-name check straight from the step-up login page', async () => {
    const ua = new UserAgent();
    const first = await authorize(ua);
    const done = await register(ua, first.url, first.html, '13600000004', { name: '张三', password: 'zhang san password' });
    expect(done.url.startsWith(REDIRECT)).toBe(true);
    const a = await authorize(ua, { acr_values: 'L2' });
    const link = /href="([^"]+)" id="real-name-link"/.exec(a.html)?.[1] as string;
    expect(link).toBe(`${new URL(a.url).pathname}/real-name`);
    const checkRes = await ua.request(new URL(link, svc.url).href);
    expect(checkRes.status).toBe(200);
    const checkPage = await checkRes.text();
    const ok = await ua.follow(new URL(link, svc.url).href, REDIRECT, { form: { csrf: csrfOf(checkPage), name: '张三', idNumber: '110105198001010016' } });
    expect(ok.url.startsWith(REDIRECT)).toBe(true);
    expect((await tokensFrom(ok.url, a)).claims()).toMatchObject({ acr: 'L2', amr: ['sms'] });

    // The session is at L2 now: the next app asking for L2 gets its code without a prompt.
    const again = await authorize(ua, { acr_values: 'L2' });
    expect(again.url.startsWith(REDIRECT)).toBe(true);
    // Without a signed-in citizen the check page has nothing to check and leads back to sign-in.
    const stranger = new UserAgent();
    const fresh = await authorize(stranger, { acr_values: 'L2' });
    const back = await stranger.request(`${fresh.url}/real-name`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(new URL(fresh.url).pathname);
  });

  it('takes the real-name check through the API for the token\'s citizen', async () => {
    const c = svc.container;
    await createAccount(c.identity, { kind: 'citizen', name: '赵六', idNumber: null, phone: '13600000011', password: 'zhao liu password' }, system);
    await createAccount(c.identity, { kind: 'citizen', name: '冒名', idNumber: null, phone: '13600000012', password: 'other password' }, system);
    const post = (token: string | null, body: unknown) => fetch(`${svc.url}/api/identity/real-name`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
    });
    const zhao = { name: '赵六', idNumber: '330106197211300049' };
    expect((await post(null, zhao)).status).toBe(401);
    const holderOnly = await apiToken('13600000012', 'other password', 'openid holder');
    expect((await post(holderOnly, zhao)).status).toBe(403);
    const token = await apiToken('13600000011', 'zhao liu password', 'openid identity');
    expect((await post(token, { name: '赵六' })).status).toBe(400);
    expect((await post(token, { ...zhao, extra: 1 })).status).toBe(400);
    const mismatch = await post(token, { ...zhao, name: '赵七' });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.json()).toMatchObject({ error: { code: 'ERR_REAL_NAME_MISMATCH' } });
    const ok = await post(token, zhao);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ assurance: 'L2', idNumberMasked: '330106********0049' });
    const other = await apiToken('13600000012', 'other password', 'openid identity');
    const taken = await post(other, zhao);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: 'ERR_ID_NUMBER_TAKEN' } });
  });

  it('never answers the new forms with a 500', async () => {
    const ua = new UserAgent();
    const a = await authorize(ua);
    const csrf = csrfOf(a.html);
    const bodies: Record<string, string>[] = [
      {}, { csrf }, { csrf, phone: '1'.repeat(500) }, { csrf, phone: '13600000009', code: 'abc' },
      { csrf, phone: '13600000009', code: '123456', name: 'x'.repeat(1000), password: 'p' },
      { csrf, phone: '13600000009', code: '123456', name: '某', password: 'p'.repeat(300), idNumber: '<script>' },
    ];
    for (const path of ['/register', '/register/send', '/real-name']) {
      for (const form of bodies) {
        const res = await ua.request(`${a.url}${path}`, { method: 'POST', form });
        expect(res.status, `${path} ${JSON.stringify(form)}`).toBeLessThan(500);
        await res.arrayBuffer();
      }
    }
    for (const path of ['/interaction/nonexistent/register', '/interaction/%00/real-name', `${new URL(a.url).pathname}/register?lang=<x>`]) {
      const res = await ua.request(new URL(path, svc.url).href);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
