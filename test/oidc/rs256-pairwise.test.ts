// Per-app ID token algorithm (RS256 beside the default ES256) and pairwise subject identifiers
// per sector for third-party apps, checked by openid-client relying parties.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import type { AppRegistration } from '../../src/services/apps/app-registration.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const PASSWORD = 'pairwise password 1';

interface Rp { config: oidc.Configuration; redirect: string }

describe('RS256 ID tokens and pairwise subjects', () => {
  let svc: OidcTestService;
  let accountId: string;
  const rps: Record<string, Rp> = {};

  async function app(key: string, redirect: string, extra: Partial<AppRegistration>) {
    const c = svc.container;
    const made = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
      name: `应用${key}`, kind: 'third_party', public: true, redirectUris: [redirect], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false, ...extra,
    }, system);
    rps[key] = { redirect, config: await oidc.discovery(new URL(svc.issuer), made.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] }) };
    return made;
  }

  beforeAll(async () => {
    svc = await startOidcService();
    accountId = (await createAccount(svc.container.identity, { kind: 'citizen', name: '周九', idNumber: residentId(91), phone: '13800000091', assurance: 'L2', password: PASSWORD }, system)).id;
    await app('taxA', 'https://a.tax.example.gov.cn/cb', { sector: 'tax.example.gov.cn', idTokenAlg: 'RS256' });
    await app('taxB', 'https://b.tax.example.gov.cn/cb', { sector: 'tax.example.gov.cn' });
    await app('health', 'https://health.example.gov.cn/cb', {});
    await app('portal', 'https://portal.example.gov.cn/cb', { kind: 'first_party' });
  });
  afterAll(async () => svc?.stop());

  /** Sign in (once per user agent), consent when asked, and exchange the code. */
  async function tokens(ua: UserAgent, key: string) {
    const { config, redirect } = rps[key] as Rp;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect, scope: 'openid profile', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    let step = await ua.follow(url.href, redirect);
    for (let i = 0; i < 3 && !step.url.startsWith(redirect); i++) {
      const html = await step.res.text();
      const form: { action: string; fields: Record<string, string> } = html.includes('name="password"')
        ? { action: formAction(html, '/login'), fields: { login: '13800000091', password: PASSWORD } }
        : { action: formAction(html, '/confirm'), fields: {} };
      step = await ua.follow(new URL(form.action, svc.url).href, redirect, { form: { csrf: csrfOf(html), ...form.fields } });
    }
    expect(step.url.startsWith(redirect)).toBe(true);
    const t = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
    const header = JSON.parse(Buffer.from((t.id_token as string).split('.')[0] as string, 'base64url').toString()) as { alg: string; kid: string };
    return { t, header, sub: t.claims()?.sub as string, config };
  }

  it('signs the ID tokens of an app registered for RS256 with the RSA key from the JWKS, others with ES256', async () => {
    const ua = new UserAgent();
    const rsa = await tokens(ua, 'taxA');
    expect(rsa.header).toMatchObject({ alg: 'RS256', kid: 'oidc-signing-rs256-1' });
    const ec = await tokens(ua, 'taxB');
    expect(ec.header.alg).toBe('ES256');
    expect(ec.header.kid).toBe('oidc-signing-1');
    const jwks = await (await fetch(`${svc.issuer}/jwks`)).json() as { keys: { kid: string; kty: string; alg: string; d?: string }[] };
    expect(jwks.keys.map((k) => `${k.kid}:${k.kty}:${k.alg}`).sort()).toEqual(['oidc-signing-1:EC:ES256', 'oidc-signing-rs256-1:RSA:RS256']);
    expect(jwks.keys.some((k) => 'd' in k)).toBe(false);
    const discovery = await (await fetch(`${svc.issuer}/.well-known/openid-configuration`)).json() as Record<string, string[]>;
    expect(discovery.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256']));
    expect(discovery.subject_types_supported).toEqual(expect.arrayContaining(['public', 'pairwise']));
  });

  it('gives one pairwise sub per sector to third-party apps and the account id to first-party apps', async () => {
    const ua = new UserAgent();
    const [a, b, h, p] = [await tokens(ua, 'taxA'), await tokens(ua, 'taxB'), await tokens(ua, 'health'), await tokens(ua, 'portal')];
    expect(a.sub).toBe(b.sub);
    expect(a.sub).not.toBe(h.sub);
    expect(a.sub).not.toBe(accountId);
    expect(h.sub).not.toBe(accountId);
    expect(p.sub).toBe(accountId);
    // The same pairwise sub at userinfo (openid-client checks it against the ID token's).
    const info = await oidc.fetchUserInfo(a.config, a.t.access_token, a.sub);
    expect(info).toMatchObject({ sub: a.sub, name: '周九' });
    // Stable across sign-ins.
    expect((await tokens(new UserAgent(), 'health')).sub).toBe(h.sub);
  });

  it('rotates the RS256 key with the ES256 one and refuses bad algorithm or sector values', async () => {
    const c = svc.container;
    await c.rotateSigningKey(system);
    const jwks = await (await fetch(`${svc.issuer}/jwks`)).json() as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(['oidc-signing-2', 'oidc-signing-rs256-2', 'oidc-signing-rs256-1']));
    // The new keys are only published for now: tokens are still signed with version 1.
    expect((await tokens(new UserAgent(), 'taxA')).header.kid).toBe('oidc-signing-rs256-1');
    const deps = { apps: c.apps, audit: c.audit, clock: c.clock };
    const base = { name: 'x', kind: 'third_party' as const, public: true, redirectUris: ['https://x.example.gov.cn/cb'], postLogoutRedirectUris: [], grantTypes: ['authorization_code' as const], scopes: ['openid'], fullIdNumber: false };
    await expect(registerApp(deps, { ...base, idTokenAlg: 'HS256' as 'RS256' }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(registerApp(deps, { ...base, sector: 'Not A Host!' }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });
});
