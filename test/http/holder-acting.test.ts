// The holder API for a person acting for an enterprise (法人办事): its legal representative or a
// current agent, signed in to an app acting for it, lists the enterprise's licences; acting as
// themself, or after the agent is revoked, they do not.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/account.ts';
import { grantAgent } from '../../src/services/acting/grant-agent.ts';
import { revokeAgent } from '../../src/services/acting/revoke-agent.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { PASSWORD as AGENT_PASSWORD, app, chooseOrg, citizen } from '../support/acting.ts';
import { residentId } from '../support/identity.ts';
import type { Authorization, TestApp } from '../support/acting.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { APP_REDIRECT, apiToken, COMPANY_CODE, licenceWorld, PASSWORD } from './licence-world.ts';

const BUSINESS = '11100000000013338W011';

describe('holder licences while acting for an enterprise', () => {
  let svc: OidcTestService;
  let world: Awaited<ReturnType<typeof licenceWorld>>;
  let portal: TestApp;
  let agent: Account & { idNumber: string };
  let elsewhere: Account & { idNumber: string };
  const req = { clientIp: null, requestId: null };
  const repCaller = () => ({ clientId: 'test', accountId: world.rep.id, scopes: ['enterprise'], sessionAmr: ['pwd'] });

  /** Sign `login` in to the app for the holder API, choosing `org` when asked; the access token. */
  async function holderToken(login: string, org: string | null, password = PASSWORD): Promise<{ token: string; asked: boolean }> {
    const resource = `${svc.url}/api`;
    const ua = new UserAgent();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(portal.config, {
      redirect_uri: APP_REDIRECT, scope: 'openid holder', resource, state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const first = await ua.follow(url.href, APP_REDIRECT);
    const html = await first.res.text();
    const step = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, APP_REDIRECT, { form: { csrf: csrfOf(html), login, password } });
    let at: Authorization = { url: step.url, html: step.url.startsWith(APP_REDIRECT) ? '' : await step.res.text(), status: step.res.status, verifier, state, ua };
    const asked = !at.url.startsWith(APP_REDIRECT);
    if (asked) at = await chooseOrg(svc.url, portal, at, org ?? 'self');
    const tokens = await oidc.authorizationCodeGrant(portal.config, new URL(at.url), { pkceCodeVerifier: verifier, expectedState: state }, { resource });
    return { token: tokens.access_token, asked };
  }
  const licences = async (token: string) => {
    const res = await fetch(`${svc.url}/api/holder/licences`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as { licences?: { identifier: string; holderNameMasked?: string }[] } };
  };

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    world = await licenceWorld(c);
    const config = await oidc.discovery(new URL(svc.issuer), world.appId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    portal = { clientId: world.appId, config, redirect: APP_REDIRECT };
    const other = await app(c, svc.issuer, '另一个应用（测试）', 'http://127.0.0.1:9/cb');
    agent = await citizen(c, '李经办', 401);
    elsewhere = await citizen(c, '王经办', 402);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await grantAgent(c.acting, repCaller(), world.company.id, { agent: { accountId: agent.id }, scope: [world.appId], expiresAt }, req);
    await grantAgent(c.acting, repCaller(), world.company.id, { agent: { accountId: elsewhere.id }, scope: [other.clientId], expiresAt }, req);
    const staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const res = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json', 'idempotency-key': 'acting-licence-1' },
      body: JSON.stringify({ typeCode: BUSINESS, data: {
        creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
        legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
        businessScope: '一般项目：技术服务、技术开发；软件开发。', address: '浙江省杭州市西湖区文三路100号',
      } }),
    });
    expect(res.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  it("shows the legal representative the enterprise's licences only while acting for it", async () => {
    // licence-world.ts made the representative with residentId(41).
    const acting = await holderToken(residentId(41), world.company.id);
    expect(acting.asked).toBe(true);
    const seen = await licences(acting.token);
    expect(seen.status).toBe(200);
    expect(seen.body.licences).toHaveLength(1);
    const own = await holderToken(residentId(41), null);
    expect((await licences(own.token)).body.licences).toEqual([]);
  });

  it('shows a current agent of this app the licences, refuses them once revoked, and never asks an agent of another app', async () => {
    const acting = await holderToken(agent.idNumber, world.company.id, AGENT_PASSWORD);
    expect(acting.asked).toBe(true);
    expect((await licences(acting.token)).body.licences).toHaveLength(1);
    const grants = await svc.container.acting.agents.listForAgent(agent.id);
    await revokeAgent(svc.container.acting, repCaller(), world.company.id, grants[0]!.id, req);
    const after = await licences(acting.token);
    expect(after.status).toBe(403);
    const other = await holderToken(elsewhere.idNumber, null, AGENT_PASSWORD);
    expect(other.asked).toBe(false);
    expect((await licences(other.token)).body.licences).toEqual([]);
  });
});

