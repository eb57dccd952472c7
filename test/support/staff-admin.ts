// A staff app administrator signing in to an admin console app through yinxin without a browser:
// password, then the one-time password step (enrolling an authenticator on the first sign-in),
// then an access token for yinxin's API with the `admin` scope.
import * as oidc from 'openid-client';
import { Secret, TOTP } from 'otpauth';
import type { Container } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from './browserless.ts';

export const CONSOLE_REDIRECT = 'https://console.example.gov.cn/cb';
const system = { id: 'system:test', kind: 'system' as const };

/** A department, an app administrator, a clerk, and the admin console app (public, PKCE). */
export async function adminFixture(c: Container, password: string) {
  if (!(await c.identity.accounts.departments()).some((d) => d.id === 'city')) {
    await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await c.identity.accounts.addDepartment({ id: 'dsj', parentId: 'city', name: '大数据局', kind: 'bureau' });
  }
  const admin = await createAccount(c.identity, { kind: 'staff', name: '王管理', staffNumber: 'A001', departmentId: 'dsj', roles: ['system_admin'], password }, system);
  const clerk = await createAccount(c.identity, { kind: 'staff', name: '赵办事', staffNumber: 'C001', departmentId: 'dsj', roles: ['clerk'], password }, system);
  const console = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
    name: '应用管理控制台', kind: 'first_party', public: true, redirectUris: [CONSOLE_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'staff', 'admin'], fullIdNumber: false,
  }, system);
  return { admin, clerk, consoleId: console.clientId };
}

/** The code an authenticator shows `steps` periods from now (a later step avoids the replay guard). */
export function totpCode(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
}

export interface AdminSignIn {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  /** The key shown at enrolment (when this sign-in enrolled one). */
  enrolledSecret: string | null;
  ua: UserAgent;
}

/**
 * Sign in as `login` to the console: `otp(secretOrNull)` gives the code to enter (the enrolment key
 * is passed on a first sign-in). Stops after the password when `otp` is null (for non-admins).
 */
export async function signInToConsole(base: string, consoleId: string, login: string, password: string, otp: (enrolSecret: string | null) => string, ua = new UserAgent(), extra: Record<string, string> = {}): Promise<AdminSignIn> {
  const config = await oidc.discovery(new URL(`${base}/oidc`), consoleId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CONSOLE_REDIRECT, scope: 'openid staff admin', resource: `${base}/api`, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
  });
  let step = await ua.follow(url.href, CONSOLE_REDIRECT);
  const loginHtml = await step.res.text();
  step = await ua.follow(new URL(formAction(loginHtml, '/login'), base).href, CONSOLE_REDIRECT, { form: { csrf: csrfOf(loginHtml), login, password } });
  let enrolledSecret: string | null = null;
  if (!step.url.startsWith(CONSOLE_REDIRECT)) {
    const html = await step.res.text();
    if (!step.url.endsWith('/totp')) throw new Error(`expected the one-time password step, got ${step.url}`);
    enrolledSecret = /id="totp-secret">([^<]+)</.exec(html)?.[1]?.replace(/\s+/g, '') ?? null;
    step = await ua.follow(new URL(formAction(html, '/totp'), base).href, CONSOLE_REDIRECT, { form: { csrf: csrfOf(html), otp: otp(enrolledSecret) } });
  }
  if (!step.url.startsWith(CONSOLE_REDIRECT)) throw new Error(`sign-in did not reach the console: ${step.url} ${step.res.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${base}/api` });
  return { tokens, enrolledSecret, ua };
}
