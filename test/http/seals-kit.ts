// A running service with a department tree, staff in the seal roles, a first-party staff app, and
// sign-in through yinxin without a browser, giving access tokens for the API with the `seals`
// scope. Staff whose roles include an administrator role are asked for a one-time password at
// sign-in (enrolled the first time), so their sessions carry `otp`; plain clerks sign in with a
// password only.
import * as oidc from 'openid-client';
import type { StaffRole } from '../../src/domain/account.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';

export const PASSWORD = 'seal staff passphrase 9';
const REDIRECT = 'https://seal-desk.example.gov.cn/cb';
const system = { id: 'system:test', kind: 'system' as const };

/** Staff by login name: department and roles. an administrative role (`auditor`) makes sign-in ask for a one-time password. */
const STAFF: Record<string, { name: string; department: string; roles: StaffRole[] }> = {
  K001: { name: '王保管', department: 'amr', roles: ['seal_keeper'] },
  P001: { name: '赵审批', department: 'city', roles: ['seal_approver'] },
  B001: { name: '郑双岗', department: 'amr', roles: ['seal_keeper', 'seal_approver'] },
  C001: { name: '钱经办', department: 'amr', roles: ['clerk', 'auditor'] },
  C002: { name: '孙经办', department: 'amr', roles: ['clerk'] },
  F001: { name: '吴经办', department: 'fin', roles: ['clerk', 'auditor'] },
};

export interface SealDesk {
  /** Account ids by login name. */
  ids: Record<string, string>;
  /** An access token for the API (`seals` scope) of a fresh sign-in as `login`. */
  signIn(login: string): Promise<string>;
  /** The first-party staff app: its client id and redirect URI. */
  app: { clientId: string; redirectUri: string };
}

export async function sealDesk(svc: OidcTestService): Promise<SealDesk> {
  const c = svc.container;
  await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市人民政府', kind: 'city' });
  await c.identity.accounts.addDepartment({ id: 'amr', parentId: 'city', name: '某市市场监督管理局', kind: 'bureau' });
  await c.identity.accounts.addDepartment({ id: 'fin', parentId: 'city', name: '某市财政局', kind: 'bureau' });
  const ids: Record<string, string> = {};
  for (const [login, s] of Object.entries(STAFF)) {
    ids[login] = (await createAccount(c.identity, { kind: 'staff', name: s.name, staffNumber: login, departmentId: s.department, roles: s.roles, password: PASSWORD }, system)).id;
  }
  const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
    name: '用章工作台', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'staff', 'seals'], fullIdNumber: false,
  }, system);
  const secrets = new Map<string, string>();
  const used = new Map<string, number>();

  const signIn = async (login: string): Promise<string> => {
    const ua = new UserAgent();
    const config = await oidc.discovery(new URL(svc.issuer), app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: 'openid staff seals', resource: `${svc.url}/api`, state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    let at = await ua.follow(url.href, REDIRECT);
    const loginHtml = await at.res.text();
    at = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, REDIRECT, { form: { csrf: csrfOf(loginHtml), login, password: PASSWORD } });
    if (!at.url.startsWith(REDIRECT)) {
      const html = await at.res.text();
      const enrolled = /id="totp-secret">([^<]+)</.exec(html)?.[1]?.replace(/\s+/g, '');
      if (enrolled) secrets.set(login, enrolled);
      // Each sign-in of an account uses another period within the accepted ±1, so the replay guard never refuses it.
      const n = used.get(login) ?? 0;
      used.set(login, n + 1);
      at = await ua.follow(new URL(formAction(html, '/totp'), svc.url).href, REDIRECT, { form: { csrf: csrfOf(html), otp: totpCode(secrets.get(login) as string, [0, 1, -1][n] ?? 0) } });
    }
    if (!at.url.startsWith(REDIRECT)) throw new Error(`sign-in as ${login} did not finish: ${at.url} ${at.res.status}`);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(at.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${svc.url}/api` });
    return tokens.access_token;
  };
  return { ids, signIn, app: { clientId: app.clientId, redirectUri: REDIRECT } };
}
