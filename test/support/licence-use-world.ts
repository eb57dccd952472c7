// A world for using licences (用证): the licence world (test/http/licence-world.ts), a citizen
// holding two no-criminal-record certificates and a special operations certificate, another
// citizen with one certificate, the company's business licence, a service item whose list
// names the certificate types with a few fields, a window system granted the item (consent
// only), an inspection system granted it under a legal basis, and one granted nothing.
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import type { Container } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { grantLicenceUse } from '../../src/services/licence-use/licence-use-permission.ts';
import { saveServiceItem } from '../../src/services/licence-use/save-service-item.ts';
import { apiToken, COMPANY_CODE, licenceWorld, PASSWORD } from '../http/licence-world.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { residentId } from './identity.ts';
import { UserAgent, csrfOf, formAction } from './browserless.ts';

export const PROOF = '11330100MB10000036001';
export const OPERATIONS = '11100000MB0000002X001';
export const BUSINESS = '11100000000013338W011';
export const ITEM = '330100-JY-0001';
export const BASIS = '《就业服务与就业管理规定》第六十二条';
export const INSPECTION_BASIS = '《安全生产法》第六十五条 监督检查';
export const WINDOW_REDIRECT = 'https://window.example.gov.cn/cb';
export { PASSWORD };
const system = { id: 'system:test', kind: 'system' as const };

export interface WindowSystem {
  clientId: string;
  cfg: oidc.Configuration;
}

async function issue(base: string, staff: string, key: string, typeCode: string, data: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${base}/api/licences`, {
    method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ typeCode, data }),
  });
  if (res.status !== 201) throw new Error(`issue ${typeCode}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { licence: { identifier: string } }).licence.identifier;
}

export const proofData = (name: string, idNumber: string, n: number) => ({
  name, gender: '女', idNumber, purpose: '入职', statement: `经查询，未发现${name}有犯罪记录。（${n}）`, queriedOn: '2026-02-28',
});

/** Issues `proofs` certificates to the holder (and one operations certificate when `operations`). */
export async function issueToHolder(base: string, staff: string, holder: { name: string; idNumber: string }, proofs: number, operations: boolean, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < proofs; i++) ids.push(await issue(base, staff, `${tag}-proof-${i}`, PROOF, proofData(holder.name, holder.idNumber, i)));
  if (operations) {
    const photo = readFileSync(new URL('../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf.png', import.meta.url)).toString('base64');
    ids.push(await issue(base, staff, `${tag}-ops`, OPERATIONS, {
      name: holder.name, gender: '女', idNumber: holder.idNumber, operationCategory: '电工作业', operationItem: '低压电工作业', firstIssuedOn: '2020-03-01', photo,
    }));
  }
  return ids;
}

export async function licenceUseWorld(c: Container, base: string) {
  const world = await licenceWorld(c);
  const citizen = async (name: string, seq: number) => {
    const idNumber = residentId(seq);
    return { ...(await createAccount(c.identity, { kind: 'citizen', name, idNumber, phone: null, assurance: 'L2', password: PASSWORD }, system)), idNumber };
  };
  const holder = await citizen('李四', 52);
  const stranger = await citizen('王五', 53);
  const staff = await apiToken(base, world.appId, 'L001', 'licences');
  const holderLicences = await issueToHolder(base, staff, holder, 2, true, 'holder');
  const strangerLicences = await issueToHolder(base, staff, stranger, 1, false, 'stranger');
  const business = await issue(base, staff, 'company-business', BUSINESS, {
    creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: '张三丰',
    registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01', businessScope: '一般项目：技术服务。', address: '浙江省杭州市西湖区文三路100号',
  });
  const deps = c.licenceUse;
  await saveServiceItem(deps, {
    code: ITEM, name: '失业登记', department: { code: '11330100MB0000000X', name: '杭州市人力资源和社会保障局' }, legalBasis: BASIS,
    licences: [{ typeCode: PROOF, fields: ['name', 'statement', 'queriedOn'] }, { typeCode: BUSINESS, fields: ['name', 'creditCode'] }],
  }, system);
  const register = async (name: string): Promise<WindowSystem> => {
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name, kind: 'third_party', public: false, redirectUris: [WINDOW_REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'client_credentials'], scopes: ['openid', 'licence_use'], fullIdNumber: false,
    }, system);
    const secret = app.clientSecret as string;
    const cfg = await oidc.discovery(new URL(`${base}/oidc`), app.clientId, secret, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
    return { clientId: app.clientId, cfg };
  };
  const window = await register('人社服务窗口');
  const inspection = await register('应急管理执法系统');
  const outsider = await register('无关系统');
  await grantLicenceUse(deps, { clientId: window.clientId, itemCode: ITEM, legalBasis: null }, system);
  await grantLicenceUse(deps, { clientId: inspection.clientId, itemCode: ITEM, legalBasis: INSPECTION_BASIS }, system);
  return { world, holder, stranger, holderLicences, strangerLicences, business, window, inspection, outsider };
}

/** The window system's own token (client credentials) for the API. */
export async function systemToken(base: string, s: WindowSystem): Promise<string> {
  return (await oidc.clientCredentialsGrant(s.cfg, { scope: 'licence_use', resource: `${base}/api` })).access_token;
}

/**
 * The holder signs in through the window system with authorization details naming the item and
 * confirms on the consent page; the system exchanges the code. Returns the tokens and the page.
 */
export async function consentThroughSignIn(base: string, s: WindowSystem, login: string, detail: Record<string, unknown>) {
  const ua = new UserAgent();
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(s.cfg, {
    redirect_uri: WINDOW_REDIRECT, scope: 'openid licence_use', resource: `${base}/api`, state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    authorization_details: JSON.stringify([{ type: 'licence_use', ...detail }]),
  });
  const first = await ua.follow(url.href, WINDOW_REDIRECT);
  if (first.url.startsWith(WINDOW_REDIRECT)) return { refused: new URL(first.url).searchParams, page: '', tokens: null };
  const html = await first.res.text();
  const step = await ua.follow(new URL(formAction(html, '/login'), base).href, WINDOW_REDIRECT, { form: { csrf: csrfOf(html), login, password: PASSWORD } });
  const page = await step.res.text();
  const done = await ua.follow(new URL(formAction(page, '/confirm'), base).href, WINDOW_REDIRECT, { form: { csrf: csrfOf(page) } });
  if (!done.url.startsWith(WINDOW_REDIRECT)) throw new Error(`consent did not reach the window: ${done.url} ${done.res.status}`);
  const tokens = await oidc.authorizationCodeGrant(s.cfg, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource: `${base}/api` });
  return { refused: null, page, tokens };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the tests
export async function retrieve(base: string, token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${base}/api/licence-use/retrievals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return { status: res.status, body: await res.json() as Record<string, any> };
}
