// A government app signing a citizen in through yinxin, as openid-client (a certified relying
// party library) does it, with the login and consent forms submitted over plain HTTP.
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'a long passphrase 1';

describe('relying party (openid-client) against yinxin', () => {
  let svc: OidcTestService;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let rpUrl: string;
  let config: oidc.Configuration;
  let clientId: string;
  let accountId: string;
  const idNumber = residentId(21);

  beforeAll(async () => {
    svc = await startOidcService();
    rp = await startTestRelyingParty();
    rpUrl = rp.url;
    const c = svc.container;
    accountId = (await createAccount(c.identity, { kind: 'citizen', name: '张三', idNumber, phone: '13800000021', assurance: 'L2', password: PASSWORD }, { id: 'system:test', kind: 'system' })).id;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '城市服务（测试）', kind: 'third_party', public: false,
      redirectUris: [`${rpUrl}/cb`], postLogoutRedirectUris: [`${rpUrl}/bye`], backchannelLogoutUri: `${rpUrl}/backchannel`,
      grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'phone', 'id_card', 'offline_access'], fullIdNumber: false,
    }, { id: 'system:test', kind: 'system' });
    clientId = app.clientId;
    config = await oidc.discovery(new URL(svc.issuer), app.clientId, { client_secret: app.clientSecret as string }, oidc.ClientSecretBasic(app.clientSecret as string), {
      execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
    });
  });

  afterAll(async () => {
    await rp?.close();
    await svc?.stop();
  });

  /** authorize → login form → (consent) → code at the app's callback. */
  async function signIn(ua: UserAgent, extra: Record<string, string> = {}, consent = true) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid profile phone id_card', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    let step = await ua.follow(url.href, `${rpUrl}/cb`);
    const loginHtml = await step.res.text();
    expect(step.res.status).toBe(200);
    expect(loginHtml).toContain('name="password"');
    step = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, `${rpUrl}/cb`, {
      form: { csrf: csrfOf(loginHtml), login: idNumber, password: PASSWORD },
    });
    if (consent) {
      const consentHtml = await step.res.text();
      expect(consentHtml).toContain('城市服务（测试）');
      step = await ua.follow(new URL(formAction(consentHtml, '/confirm'), svc.url).href, `${rpUrl}/cb`, { form: { csrf: csrfOf(consentHtml) } });
    }
    expect(step.url.startsWith(`${rpUrl}/cb`)).toBe(true);
    return { callback: new URL(step.url), verifier, state, loginHtml };
  }

  it('signs in with code + PKCE, validates the ID token, reads userinfo, rotates and revokes tokens, and logs out', async () => {
    const ua = new UserAgent();
    // Refresh tokens come with offline_access, which OpenID Connect asks for with prompt=consent.
    const offline = { scope: 'openid profile phone id_card offline_access', prompt: 'consent' };
    const { callback, verifier, state } = await signIn(ua, offline);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(decodeProtectedHeader(tokens.id_token as string).alg).toBe('ES256');
    const claims = tokens.claims();
    expect(claims?.iss).toBe(svc.issuer);
    expect(claims?.aud).toBe(clientId);
    expect(claims?.acr).toBe('L2');
    expect(claims?.amr).toEqual(['pwd']);
    // auth_time in every ID token, asked for or not (the government app profile).
    expect(typeof claims?.auth_time).toBe('number');
    const sub = claims?.sub as string;
    // Token issue is in the audit log by the time the tokens reach the app (no polling).
    const issuedNow = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.action === 'token.issue');
    expect(issuedNow.flatMap((r) => (JSON.parse(r.details) as { events: { details: { grantType: string } }[] }).events).map((e) => e.details.grantType)).toEqual(['authorization_code']);

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, sub);
    expect(userinfo).toMatchObject({ sub, name: '张三', phone_number: '13800000021', id_card: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` });

    // Refresh: a new refresh token each time; presenting the old one again revokes the grant.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);

    // The session still stands; the grant is gone, so consent is asked again.
    const again = await signInWithSession(ua, offline);
    const t2 = await oidc.authorizationCodeGrant(config, again.callback, { pkceCodeVerifier: again.verifier, expectedState: again.state });
    const active = await oidc.tokenIntrospection(config, t2.access_token);
    expect(active).toMatchObject({ active: true, client_id: clientId, sub });
    await oidc.tokenRevocation(config, t2.access_token);
    expect((await oidc.tokenIntrospection(config, t2.access_token)).active).toBe(false);
    // oidc-provider revokes every token of the grant with it, the refresh token included.
    expect((await oidc.tokenIntrospection(config, t2.refresh_token as string)).active).toBe(false);

    // RP-initiated logout with a confirmation page; the app hears of it on its back channel.
    const end = oidc.buildEndSessionUrl(config, { id_token_hint: t2.id_token as string, post_logout_redirect_uri: `${rpUrl}/bye` });
    const confirm = await ua.follow(end.href, `${rpUrl}/bye`);
    const confirmHtml = await confirm.res.text();
    expect(confirmHtml).toContain('op.logoutForm');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1] as string;
    const action = /id="op.logoutForm"[^>]*action="([^"]+)"|action="([^"]+)"[^>]*id="op.logoutForm"/.exec(confirmHtml);
    const out = await ua.follow(new URL((action?.[1] ?? action?.[2]) as string, svc.url).href, `${rpUrl}/bye`, { form: { xsrf, logout: 'yes' } });
    expect(out.url.startsWith(`${rpUrl}/bye`)).toBe(true);
    await expect.poll(() => rp.logoutTokens.length, { timeout: 5000 }).toBeGreaterThan(0);
    const { payload, protectedHeader } = await jwtVerify(rp.logoutTokens[0] as string, createRemoteJWKSet(new URL(`${svc.issuer}/jwks`)), { issuer: svc.issuer, audience: clientId });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.sub).toBe(sub);
    expect(payload.sid).toBe(claims?.sid);
    expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);

    // Token issue is recorded in groups, each before its tokens are sent; logout soon after.
    const actions = async () => (await svc.container.auditStore.page(0, 1000)).map((r) => r.action);
    await expect.poll(actions, { timeout: 5000 }).toEqual(expect.arrayContaining(['login.password', 'consent.grant', 'token.issue', 'logout']));
    const issued = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.action === 'token.issue');
    const events = issued.flatMap((r) => (JSON.parse(r.details) as { events: { actorId: string; object: string; details: { grantType: string } }[] }).events);
    expect(events.map((e) => e.details.grantType)).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    // A third-party app sees a pairwise sub; the audit names the account.
    expect(sub).not.toBe(accountId);
    expect(events.every((e) => e.object === clientId && e.actorId === accountId)).toBe(true);
  });

  /** With a session: the login page is skipped; consent is asked again when no grant exists. */
  async function signInWithSession(ua: UserAgent, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid profile phone id_card', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    });
    let step = await ua.follow(url.href, `${rpUrl}/cb`);
    if (!step.url.startsWith(`${rpUrl}/cb`)) {
      const html = await step.res.text();
      step = await ua.follow(new URL(formAction(html, '/confirm'), svc.url).href, `${rpUrl}/cb`, { form: { csrf: csrfOf(html) } });
    }
    return { callback: new URL(step.url), verifier, state };
  }

  it('sends an L2 session asking for acr_values=L3 back to sign in', async () => {
    const ua = new UserAgent();
    await signIn(ua);
    // Same session, no step-up asked: straight back to the app.
    const plain = await signInWithSession(ua);
    expect(plain.callback.searchParams.get('code')).toBeTruthy();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid', acr_values: 'L3', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const step = await ua.follow(url.href, `${rpUrl}/cb`);
    expect(step.url).toMatch(/\/interaction\//);
    const html = await step.res.text();
    expect(html).toContain('name="password"');
    expect(html).toContain('需要使用数字证书登录');
  });

  it('rejects a login form without the CSRF token', async () => {
    const ua = new UserAgent();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const step = await ua.follow(url.href, `${rpUrl}/cb`);
    const html = await step.res.text();
    const res = await ua.request(new URL(formAction(html, '/login'), svc.url).href, { form: { csrf: 'forged', login: idNumber, password: PASSWORD } });
    expect(res.status).toBe(403);
    const cross = await ua.request(new URL(formAction(html, '/login'), svc.url).href, { form: { csrf: csrfOf(html), login: idNumber, password: PASSWORD }, headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
  });
});
