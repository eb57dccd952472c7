// The government app profile as a relying party (openid-client) sees it: the acr values and
// scopes discovery publishes, unmet authentication requirements answered to the app, a step-up
// whose acr shows in the token, refresh tokens only under the app's policy, PKCE for every app.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import type { AppRegistration } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'a long passphrase 1';
const system = { id: 'system:test', kind: 'system' as const };

describe('government app profile (openid-client)', () => {
  let svc: OidcTestService;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let callback: string;
  const citizenId = residentId(31);

  beforeAll(async () => {
    svc = await startOidcService();
    rp = await startTestRelyingParty();
    callback = `${rp.url}/cb`;
    const c = svc.container;
    await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await c.identity.accounts.addDepartment({ id: 'dsj', parentId: 'city', name: '大数据局', kind: 'bureau' });
    await createAccount(c.identity, { kind: 'citizen', name: '张三', idNumber: citizenId, phone: '13800000031', assurance: 'L2', password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '赵办事', staffNumber: 'C031', departmentId: 'dsj', roles: ['clerk'], password: PASSWORD }, system);
  });

  afterAll(async () => {
    await rp?.close();
    await svc?.stop();
  });

  async function app(extra: Partial<AppRegistration> = {}): Promise<oidc.Configuration> {
    const reg = await registerApp({ apps: svc.container.apps, audit: svc.container.audit, clock: svc.container.clock, uriRules: { production: false } }, {
      name: '城市服务', kind: 'first_party', public: false, redirectUris: [callback], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'offline_access'], fullIdNumber: false, ...extra,
    }, system);
    return oidc.discovery(new URL(svc.issuer), reg.clientId, { client_secret: reg.clientSecret as string }, oidc.ClientSecretBasic(reg.clientSecret as string), {
      execute: [oidc.allowInsecureRequests],
    });
  }

  /**
   * authorize → (login form) → (one-time password) → (consent) → the app's callback, or the page
   * where the sign-in stopped. `otp` answers the one-time password step from the page's HTML.
   */
  async function authorize(config: oidc.Configuration, ua: UserAgent, params: Record<string, string>, login: string | null, otp?: (html: string) => string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callback, scope: 'openid', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params,
    });
    let step = await ua.follow(url.href, callback);
    let pages = 0;
    while (!step.url.startsWith(callback) && pages++ < 5) {
      const html = await step.res.text();
      if (html.includes('name="password"') && login) {
        step = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, callback, { form: { csrf: csrfOf(html), login, password: PASSWORD } });
      } else if (step.url.endsWith('/totp') && otp) {
        step = await ua.follow(new URL(formAction(html, '/totp'), svc.url).href, callback, { form: { csrf: csrfOf(html), otp: otp(html) } });
      } else if (html.includes('/confirm')) {
        step = await ua.follow(new URL(formAction(html, '/confirm'), svc.url).href, callback, { form: { csrf: csrfOf(html) } });
      } else {
        return { page: { url: step.url, status: step.res.status, html }, verifier, state, callback: null };
      }
    }
    return { page: null, verifier, state, callback: new URL(step.url) };
  }

  it('publishes the acr values a token can carry and the scopes apps may ask for', async () => {
    const meta = await (await fetch(`${svc.issuer}/.well-known/openid-configuration`)).json() as Record<string, string[]>;
    expect(meta.acr_values_supported).toEqual(['L1', 'L1-mfa', 'L2', 'L2-mfa', 'L4']);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access', 'profile', 'phone', 'staff']));
    for (const internal of ['admin', 'seals', 'licences', 'identity']) expect(meta.scopes_supported).not.toContain(internal);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('answers an essential acr the account cannot reach with unmet_authentication_requirements, after saying why', async () => {
    const config = await app();
    const ua = new UserAgent();
    const claims = JSON.stringify({ id_token: { acr: { essential: true, value: 'L3' } } });
    const r = await authorize(config, ua, { claims }, citizenId);
    // One correct password, then the page that says why: not the sign-in page again.
    expect(r.page?.url).toMatch(/\/interaction\/[^/]+\/unmet$/);
    expect(r.page?.html).toContain('data-reason="certificate_required"');
    expect(r.page?.html).not.toContain('name="password"');
    const html = r.page?.html as string;
    const back = await ua.follow(new URL(formAction(html, '/unmet'), svc.url).href, callback, { form: { csrf: csrfOf(html) } });
    expect(back.url.startsWith(callback)).toBe(true);
    await expect(oidc.authorizationCodeGrant(config, new URL(back.url), { pkceCodeVerifier: r.verifier, expectedState: r.state }))
      .rejects.toMatchObject({ error: 'unmet_authentication_requirements' });
  });

  it('refuses a second factor to a citizen who cannot have one, rather than signing in without it', async () => {
    const config = await app();
    const ua = new UserAgent();
    const r = await authorize(config, ua, { acr_values: 'otp' }, citizenId);
    expect(r.page?.html).toContain('data-reason="second_factor_unavailable"');
    const html = r.page?.html as string;
    const back = await ua.follow(new URL(formAction(html, '/unmet'), svc.url).href, callback, { form: { csrf: csrfOf(html) } });
    expect(new URL(back.url).searchParams.get('error')).toBe('unmet_authentication_requirements');
  });

  it('steps a staff session up through acr_values: the token carries L1-mfa and amr pwd, otp', async () => {
    const config = await app();
    const ua = new UserAgent();
    const plain = await authorize(config, ua, {}, 'C031');
    const first = await oidc.authorizationCodeGrant(config, plain.callback as URL, { pkceCodeVerifier: plain.verifier, expectedState: plain.state });
    expect(first.claims()).toMatchObject({ acr: 'L1', amr: ['pwd'] });

    let secret = '';
    const stepUp = await authorize(config, ua, { acr_values: 'L1-mfa', max_age: '600' }, 'C031', (html) => {
      secret = /id="totp-secret">([^<]+)</.exec(html)?.[1]?.replace(/\s+/g, '') ?? '';
      return totpCode(secret);
    });
    expect(secret).not.toBe('');
    const tokens = await oidc.authorizationCodeGrant(config, stepUp.callback as URL, { pkceCodeVerifier: stepUp.verifier, expectedState: stepUp.state, maxAge: 600 });
    expect(tokens.claims()).toMatchObject({ acr: 'L1-mfa', amr: ['pwd', 'otp'] });
    expect(typeof tokens.claims()?.auth_time).toBe('number');

    // The session now meets the request: no sign-in page for the next app asking the same.
    const again = await authorize(config, ua, { acr_values: 'L1-mfa' }, null);
    expect(again.callback).not.toBeNull();
  });

  it('issues refresh tokens only for offline_access or an app registered for them', async () => {
    const byDefault = await app();
    const ua = new UserAgent();
    const plain = await authorize(byDefault, ua, {}, citizenId);
    const t1 = await oidc.authorizationCodeGrant(byDefault, plain.callback as URL, { pkceCodeVerifier: plain.verifier, expectedState: plain.state });
    expect(t1.refresh_token).toBeUndefined();

    const offline = await authorize(byDefault, ua, { scope: 'openid offline_access', prompt: 'consent' }, citizenId);
    const t2 = await oidc.authorizationCodeGrant(byDefault, offline.callback as URL, { pkceCodeVerifier: offline.verifier, expectedState: offline.state });
    expect(t2.refresh_token).toBeTruthy();

    const always = await app({ refreshPolicy: 'always' });
    const r3 = await authorize(always, ua, {}, citizenId);
    const t3 = await oidc.authorizationCodeGrant(always, r3.callback as URL, { pkceCodeVerifier: r3.verifier, expectedState: r3.state });
    expect(t3.refresh_token).toBeTruthy();
    // Single sign-on to another app, no login asked and no max_age: auth_time all the same.
    expect(typeof t3.claims()?.auth_time).toBe('number');
    expect(t3.claims()?.auth_time).toBe(t1.claims()?.auth_time);

    const noGrant = await app({ grantTypes: ['authorization_code'] });
    const r4 = await authorize(noGrant, ua, { scope: 'openid offline_access', prompt: 'consent' }, citizenId);
    const t4 = await oidc.authorizationCodeGrant(noGrant, r4.callback as URL, { pkceCodeVerifier: r4.verifier, expectedState: r4.state });
    expect(t4.refresh_token).toBeUndefined();
  });

  it('refuses an authorization request without PKCE from a confidential app', async () => {
    const config = await app();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: 'openid', state });
    const step = await new UserAgent().follow(url.href, callback);
    const answer = new URL(step.url);
    expect(step.url.startsWith(callback)).toBe(true);
    expect(answer.searchParams.get('error')).toBe('invalid_request');
    expect(answer.searchParams.get('error_description')).toMatch(/PKCE/i);
    expect(answer.searchParams.get('code')).toBeNull();
  });
});
