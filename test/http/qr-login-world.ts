// The real service with what QR-scan login tests need: a citizen at L2 and one at L1 (password
// sign-in), a first-party "city app" that gets API tokens with the qr_login scope, and a
// third-party desktop app whose sign-in page shows the QR code.
import * as oidc from 'openid-client';
import type { Container } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';

export const PASSWORD = 'qr login passphrase 8';
export const CITY_APP_REDIRECT = 'https://city-app.example.gov.cn/cb';
export const DESKTOP_REDIRECT = 'https://gjj.example.gov.cn/cb';
export const PEOPLE = { l2: residentId(81), l1: residentId(82), other: residentId(83) };
const system = { id: 'system:test', kind: 'system' as const };

export async function qrLoginWorld(c: Container) {
  const deps = { apps: c.apps, audit: c.audit, clock: c.clock };
  const alice = await createAccount(c.identity, { kind: 'citizen', name: '周八', idNumber: PEOPLE.l2, phone: '13800000081', assurance: 'L2', password: PASSWORD }, system);
  const low = await createAccount(c.identity, { kind: 'citizen', name: '郑九', idNumber: PEOPLE.l1, phone: '13800000082', password: PASSWORD }, system);
  const bob = await createAccount(c.identity, { kind: 'citizen', name: '冯十', idNumber: PEOPLE.other, phone: '13800000083', assurance: 'L2', password: PASSWORD }, system);
  const cityApp = await registerApp(deps, {
    name: '城市App', kind: 'first_party', public: true, redirectUris: [CITY_APP_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'qr_login', 'holder'], fullIdNumber: false,
  }, system);
  const desktop = await registerApp(deps, {
    name: '公积金查询', kind: 'third_party', public: true, redirectUris: [DESKTOP_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
  }, system);
  return { alice, low, bob, cityAppId: cityApp.clientId, desktopId: desktop.clientId };
}

/** Signs in by password through the city app; an access token for yinxin's API with `scope`. */
export async function phoneToken(base: string, appId: string, login: string, scope = 'qr_login'): Promise<string> {
  const ua = new UserAgent();
  const config = await oidc.discovery(new URL(`${base}/oidc`), appId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CITY_APP_REDIRECT, scope: `openid ${scope}`, resource: `${base}/api`, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const first = await ua.follow(url.href, CITY_APP_REDIRECT);
  const html = await first.res.text();
  const step = await ua.follow(new URL(formAction(html, '/login'), base).href, CITY_APP_REDIRECT, { form: { csrf: csrfOf(html), login, password: PASSWORD } });
  if (!step.url.startsWith(CITY_APP_REDIRECT)) throw new Error(`sign-in did not reach the app: ${step.url} ${step.res.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${base}/api` });
  return tokens.access_token;
}
