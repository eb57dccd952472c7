// The real service with an issuing department that holds an approved licence seal from the seal
// registry, its licence issuer, a clerk without the role, an issuer of another department, a
// company (legal person) with its representative, and a first-party app to sign in through.
import * as oidc from 'openid-client';
import type { Container } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';

export const APP_REDIRECT = 'https://zwfw.example.gov.cn/cb';
export const ISSUER = { code: '11330105002500287C', name: '杭州市西湖区市场监督管理局' };
export const OTHER_ISSUER_CODE = '11430000006122244L';
export const COMPANY_CODE = '91330100MA2A00001M';
export const PASSWORD = 'licence passphrase 41';
const system = { id: 'system:test', kind: 'system' as const };

export async function licenceWorld(c: Container) {
  const accounts = c.identity.accounts;
  await accounts.addDepartment({ id: 'city', parentId: null, name: '杭州市', kind: 'city' });
  await accounts.addDepartment({ id: 'amr', parentId: 'city', name: ISSUER.name, kind: 'bureau', creditCode: ISSUER.code });
  await accounts.addDepartment({ id: 'amr-reg', parentId: 'amr', name: '登记注册处', kind: 'division' });
  await accounts.addDepartment({ id: 'hrss', parentId: 'city', name: '湖南省人力资源和社会保障厅', kind: 'bureau', creditCode: OTHER_ISSUER_CODE });
  const staff = (name: string, staffNumber: string, departmentId: string, roles: ('licence_issuer' | 'clerk' | 'seal_keeper' | 'seal_approver')[]) =>
    createAccount(c.identity, { kind: 'staff', name, staffNumber, departmentId, roles, password: PASSWORD }, system);
  const issuer = await staff('钱发证', 'L001', 'amr-reg', ['licence_issuer']);
  const clerk = await staff('孙经办', 'L002', 'amr', ['clerk']);
  const otherIssuer = await staff('李发证', 'L003', 'hrss', ['licence_issuer']);
  const keeper = await staff('王保管', 'K001', 'amr', ['seal_keeper']);
  const approver = await staff('赵审批', 'P001', 'city', ['seal_approver']);
  const applied = await c.seals.apply({ kind: 'licence', owner: { kind: 'department', id: 'amr' } }, { accountId: keeper.id });
  await c.seals.approve({ sealId: applied.id, reason: '材料齐全' }, { accountId: approver.id });
  const rep = await createAccount(c.identity, { kind: 'citizen', name: '张三丰', idNumber: residentId(41), phone: null, password: PASSWORD }, system);
  const company = await createAccount(c.identity, { kind: 'legal_person', name: '杭州某某科技有限公司', creditCode: COMPANY_CODE, representativeId: rep.id, password: PASSWORD }, system);
  const otherCompany = await createAccount(c.identity, { kind: 'legal_person', name: '杭州别家有限公司', creditCode: '91330106MA2B000022', representativeId: rep.id, password: PASSWORD }, system);
  const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
    name: '政务服务网', kind: 'first_party', public: true, redirectUris: [APP_REDIRECT], postLogoutRedirectUris: [],
    grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'licences', 'holder'], fullIdNumber: false,
  }, system);
  return { issuer, clerk, otherIssuer, rep, company, otherCompany, appId: app.clientId };
}

/** Signs in by password through the app and returns an access token for yinxin's API with `scope`. */
export async function apiToken(base: string, appId: string, login: string, scope: string): Promise<string> {
  const ua = new UserAgent();
  const config = await oidc.discovery(new URL(`${base}/oidc`), appId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: APP_REDIRECT, scope: `openid ${scope}`, resource: `${base}/api`, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const first = await ua.follow(url.href, APP_REDIRECT);
  const html = await first.res.text();
  const step = await ua.follow(new URL(formAction(html, '/login'), base).href, APP_REDIRECT, { form: { csrf: csrfOf(html), login, password: PASSWORD } });
  if (!step.url.startsWith(APP_REDIRECT)) throw new Error(`sign-in did not reach the app: ${step.url} ${step.res.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${base}/api` });
  return tokens.access_token;
}
