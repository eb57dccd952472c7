// Tokens of systems, end to end against the real provider: a registered verifier system's
// client-credentials token with the `verify` scope is accepted by /api/verify, counted under the
// verifier limit, and shows a licence in full once it has a legal basis; and token introspection
// answers only the app a token was issued to and registered resource servers.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqlVerifierBases } from '../../src/adapters/sql/sql-verifier-bases.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import type { AppRegistration } from '../../src/services/apps/register-app.ts';
import { grantVerifierBasis } from '../../src/services/verification/verifier-basis.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, licenceWorld } from '../http/licence-world.ts';

const system = { id: 'system:test', kind: 'system' as const };
const BUSINESS = '11100000000013338W011';
const BASIS = '《中华人民共和国反洗钱法》第三十条 客户身份识别';

describe('tokens of systems', () => {
  let svc: OidcTestService;
  let handle: string;
  const systems: Record<string, { clientId: string; cfg: oidc.Configuration }> = {};

  const register = async (name: string, extra: Partial<AppRegistration> = {}) => {
    const c = svc.container;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name, kind: 'third_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['verify'], fullIdNumber: false, ...extra,
    }, system);
    const secret = app.clientSecret as string;
    const cfg = await oidc.discovery(new URL(svc.issuer), app.clientId, secret, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
    return { clientId: app.clientId, cfg };
  };
  const systemToken = async (name: string) => (await oidc.clientCredentialsGrant(systems[name]!.cfg, { scope: 'verify', resource: `${svc.url}/api` })).access_token;
  const verify = (token: string | null) => fetch(`${svc.url}/api/verify`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ handle }),
  });

  beforeAll(async () => {
    svc = await startOidcService();
    const world = await licenceWorld(svc.container);
    const staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const issued = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json', 'idempotency-key': 'system-tokens-0001' },
      body: JSON.stringify({ typeCode: BUSINESS, data: {
        creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
        legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
        businessScope: '一般项目：技术服务、技术开发；软件开发。', address: '浙江省杭州市西湖区文三路100号',
      } }),
    });
    expect(issued.status).toBe(201);
    const { licence } = await issued.json() as { licence: { id: string } };
    handle = (await svc.container.licences.store.findById(licence.id))!.handle;
    systems.bank = await register('某银行核验系统');
    systems.other = await register('另一个系统');
    systems.gateway = await register('政务接口网关', { resourceServer: true, grantTypes: ['client_credentials'], scopes: ['verify'] });
  }, 90_000);
  afterAll(async () => svc?.stop());

  it("accepts a verifier system's client-credentials token at /api/verify, under the verifier limit", async () => {
    const token = await systemToken('bank');
    const res = await verify(token);
    expect(res.status).toBe(200);
    const body = await res.json() as { verdict: { result: string; subject: { disclosure?: unknown } } };
    expect(body.verdict.result).toBe('VALID');
    expect(body.verdict.subject.disclosure).toBeUndefined();
    const window = Math.floor(Date.now() / 60_000);
    const counted = await Promise.all([window, window - 1].map((w) => svc.container.kv.get(`rl:verify:client:${systems.bank!.clientId}:${w}`)));
    expect(counted).toContain('1');

    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'verification.check');
    expect(audit.at(-1)).toMatchObject({ actorId: systems.bank!.clientId, actorKind: 'client' });
  });

  it('shows the licence in full to a verifier system with a legal basis, and only to it', async () => {
    const c = svc.container;
    await grantVerifierBasis({ bases: new SqlVerifierBases(c.knex), apps: c.apps, audit: c.audit, clock: c.clock }, systems.bank!.clientId, BASIS, system);
    const full = await (await verify(await systemToken('bank'))).json() as { verdict: { subject: { disclosure?: { legalBasis: string }; holder: { name: string } } } };
    expect(full.verdict.subject.disclosure).toEqual({ legalBasis: BASIS });
    const pub = await (await verify(null)).json() as { verdict: { subject: { disclosure?: unknown } } };
    expect(pub.verdict.subject.disclosure).toBeUndefined();
    const other = await (await verify(await systemToken('other'))).json() as { verdict: { subject: { disclosure?: unknown } } };
    expect(other.verdict.subject.disclosure).toBeUndefined();
  });

  it('refuses a dead token with 401 and the invalid_token challenge', async () => {
    const res = await verify('A'.repeat(43));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="yinxin", error="invalid_token"');
  });

  it("answers introspection to the token's own app and to registered resource servers only", async () => {
    const notices = vi.spyOn(console, 'info');
    const warnings = vi.spyOn(console, 'warn');
    const token = await systemToken('bank');
    expect(await oidc.tokenIntrospection(systems.bank!.cfg, token)).toMatchObject({ active: true, client_id: systems.bank!.clientId });
    expect(await oidc.tokenIntrospection(systems.other!.cfg, token)).toEqual({ active: false });
    expect(await oidc.tokenIntrospection(systems.gateway!.cfg, token)).toMatchObject({ active: true, client_id: systems.bank!.clientId, scope: 'verify' });
    const said = [...notices.mock.calls, ...warnings.mock.calls].flat().map(String);
    expect(said.filter((s) => s.includes('allowedPolicy'))).toEqual([]);
    notices.mockRestore();
    warnings.mockRestore();
  });
});
