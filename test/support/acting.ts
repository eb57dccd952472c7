// A world for acting for an enterprise (法人办事): a legal person, its legal representative, agents,
// registered apps, and sign-in through yinxin without a browser that stops at the select_org page.
import * as oidc from 'openid-client';
import type { Container } from '../../src/container.ts';
import type { Account } from '../../src/domain/account.ts';
import { creditCodeCheckChar } from '../../src/domain/credit-code.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import type { UserAgent} from './browserless.ts';
import { csrfOf, formAction } from './browserless.ts';
import { residentId } from './identity.ts';

export const PASSWORD = 'a long passphrase 8';
const system = { id: 'system:test', kind: 'system' as const };

export function creditCode(seq: number): string {
  const first = `91350100M${String(seq).padStart(6, '0')}Y4`;
  return first + (creditCodeCheckChar(first) as string);
}

export async function citizen(c: Container, name: string, seq: number): Promise<Account & { idNumber: string }> {
  const idNumber = residentId(seq);
  const a = await createAccount(c.identity, { kind: 'citizen', name, idNumber, phone: null, assurance: 'L2', password: PASSWORD }, system);
  return { ...a, idNumber };
}

export async function enterprise(c: Container, name: string, seq: number, representativeId: string): Promise<Account> {
  return createAccount(c.identity, { kind: 'legal_person', name, creditCode: creditCode(seq), representativeId }, system);
}

export interface TestApp {
  clientId: string;
  config: oidc.Configuration;
  redirect: string;
}

/** A confidential app (first-party unless told) registered for refresh tokens at every sign-in, allowed `scopes`. */
export async function app(c: Container, issuer: string, name: string, redirect: string, scopes: string[] = ['openid', 'profile'], kind: 'first_party' | 'third_party' = 'first_party'): Promise<TestApp> {
  const reg = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: c.config.env === 'production' } }, {
    name, kind, public: false, redirectUris: [redirect], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code', 'refresh_token'], refreshPolicy: 'always', scopes, fullIdNumber: false,
  }, system);
  const config = await oidc.discovery(new URL(issuer), reg.clientId, { client_secret: reg.clientSecret as string }, oidc.ClientSecretBasic(reg.clientSecret as string), {
    execute: [oidc.allowInsecureRequests],
  });
  return { clientId: reg.clientId, config, redirect };
}

export interface Authorization {
  /** Where the browser ended: the app's callback, or a yinxin page. */
  url: string;
  html: string;
  status: number;
  verifier: string;
  state: string;
  ua: UserAgent;
}

/**
 * Send the browser to authorise; sign in with `login` when the login page shows. Stops at the app's
 * callback or at any other page (such as select_org).
 */
export async function authorize(base: string, a: TestApp, ua: UserAgent, login: string | null, params: Record<string, string> = {}): Promise<Authorization> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(a.config, {
    redirect_uri: a.redirect, scope: 'openid profile', state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...params,
  });
  let step = await ua.follow(url.href, a.redirect);
  let html = step.url.startsWith(a.redirect) ? '' : await step.res.text();
  if (login && html.includes('name="password"')) {
    step = await ua.follow(new URL(formAction(html, '/login'), base).href, a.redirect, { form: { csrf: csrfOf(html), login, password: PASSWORD } });
    html = step.url.startsWith(a.redirect) ? '' : await step.res.text();
  }
  return { url: step.url, html, status: step.res.status, verifier, state, ua };
}

/** Submit the select_org page with `org` (a legal person id or "self"). */
export async function chooseOrg(base: string, a: TestApp, at: Authorization, org: string): Promise<Authorization> {
  const step = await at.ua.follow(new URL(formAction(at.html, '/org'), base).href, a.redirect, { form: { csrf: csrfOf(at.html), org } });
  const html = step.url.startsWith(a.redirect) ? '' : await step.res.text();
  return { ...at, url: step.url, html, status: step.res.status };
}

/** Exchange the code at the callback for tokens. */
export async function tokensFor(a: TestApp, at: Authorization, params: Record<string, string> = {}) {
  return oidc.authorizationCodeGrant(a.config, new URL(at.url), { pkceCodeVerifier: at.verifier, expectedState: at.state }, params);
}
