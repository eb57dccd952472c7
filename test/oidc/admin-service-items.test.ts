// The service item catalogue (用证清单) and apps' licence-use permissions through the admin API:
// an app administrator signed in with a one-time password keeps items one at a time and from
// CSV (a wrong row saves nothing), and grants an app an item with or without a legal basis; a
// clerk is refused; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'catalogue passphrase 19';
const PROOF = '11330100MB10000036001';
const BUSINESS = '11100000000013338W011';
const BASIS = '《市场主体登记管理条例》第十六条';

const CSV = `code,name,department_code,department_name,legal_basis,licence_type,fields
330100-SC-0001,企业开办,11330100MB0000001X,杭州市市场监督管理局,${BASIS},${BUSINESS},name;creditCode；address
330100-SC-0001,企业开办,11330100MB0000001X,杭州市市场监督管理局,${BASIS},${PROOF},statement
330100-JY-0002,就业登记,11330100MB0000000X,杭州市人力资源和社会保障局,《就业促进法》,${PROOF},name;queriedOn
`;

describe('service items and licence-use permissions through the admin API', () => {
  let svc: OidcTestService;
  let token: string;
  let clerkToken: string;
  let windowId: string;
  const call = (method: string, path: string, body?: unknown, bearer = token, type = 'application/json') => fetch(`${svc.url}${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const f = await adminFixture(c, PASSWORD);
    token = (await signInToConsole(svc.url, f.consoleId, 'A001', PASSWORD, (secret) => totpCode(secret as string))).tokens.access_token;
    clerkToken = (await signInToConsole(svc.url, f.consoleId, 'C001', PASSWORD, () => '000000')).tokens.access_token;
    windowId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '窗口系统', kind: 'third_party', public: false, redirectUris: [], postLogoutRedirectUris: [], grantTypes: ['client_credentials'], scopes: ['licence_use'], fullIdNumber: false,
    }, { id: 'system:test', kind: 'system' })).clientId;
  }, 90_000);
  afterAll(async () => svc?.stop());

  it('saves an item whose list names existing types and fields, and names the offending entries otherwise', async () => {
    const item = { name: '失业登记', department: { code: '11330100MB0000000X', name: '人社局' }, legalBasis: BASIS, licences: [{ typeCode: PROOF, fields: ['name', 'statement'] }] };
    const ok = await call('PUT', '/api/admin/service-items/330100-JY-0001', item);
    expect(ok.status).toBe(200);
    expect((await ok.json() as { item: { licences: unknown } }).item.licences).toEqual([{ typeCode: PROOF, fields: ['name', 'statement'] }]);
    const bad = await call('PUT', '/api/admin/service-items/330100-JY-0001', { ...item, licences: [{ typeCode: PROOF, fields: ['name', 'shoeSize'] }, { typeCode: '11000000000000000X999', fields: [] }] });
    expect(bad.status).toBe(400);
    const issues = (await bad.json() as { error: { issues: { path: string[]; code: string }[] } }).error.issues;
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([['licences.0.fields.1', 'unknown_field'], ['licences.1.typeCode', 'unknown_type']]);
    const audit = (await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action === 'admin.service_item.save');
    expect(audit).toHaveLength(1);
  });

  it('imports items from CSV, grouping rows by code; one wrong row saves nothing', async () => {
    const wrong = CSV.replace('name;queriedOn', 'name;bloodType');
    const refused = await call('POST', '/api/admin/service-items/import', wrong, token, 'text/csv');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('bloodType');
    expect((await svc.container.licenceUse.items.findItem('330100-SC-0001'))).toBeNull();
    const res = await call('POST', '/api/admin/service-items/import', CSV, token, 'text/csv');
    expect(res.status).toBe(200);
    const items = await svc.container.licenceUse.items.listItems();
    expect(items.find((i) => i.code === '330100-SC-0001')).toMatchObject({
      name: '企业开办', legalBasis: BASIS, licences: [{ typeCode: BUSINESS, fields: ['name', 'creditCode', 'address'] }, { typeCode: PROOF, fields: ['statement'] }],
    });
    expect(items.map((i) => i.code)).toEqual(['330100-JY-0001', '330100-JY-0002', '330100-SC-0001']);
  });

  it('grants and takes back an app the use of an item, with or without a legal basis', async () => {
    expect((await call('PUT', `/api/admin/apps/${windowId}/licence-use/NOPE`, { legalBasis: null })).status).toBe(404);
    expect((await call('PUT', `/api/admin/apps/${windowId}/licence-use/330100-JY-0001`, { legalBasis: null })).status).toBe(200);
    expect((await call('PUT', `/api/admin/apps/${windowId}/licence-use/330100-SC-0001`, { legalBasis: BASIS })).status).toBe(200);
    const listed = await (await call('GET', `/api/admin/apps/${windowId}/licence-use`)).json() as { permissions: { itemCode: string; legalBasis: string | null }[] };
    expect(listed.permissions.map((p) => [p.itemCode, p.legalBasis])).toEqual([['330100-JY-0001', null], ['330100-SC-0001', BASIS]]);
    expect((await call('DELETE', `/api/admin/apps/${windowId}/licence-use/330100-SC-0001`)).status).toBe(204);
    expect((await call('DELETE', `/api/admin/apps/${windowId}/licence-use/330100-SC-0001`)).status).toBe(404);
    const actions = (await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action.startsWith('admin.licence_use.')).map((r) => r.action);
    expect(actions).toEqual(['admin.licence_use.grant', 'admin.licence_use.grant', 'admin.licence_use.revoke']);
  });

  it('refuses anyone but an app administrator', async () => {
    expect((await call('GET', '/api/admin/service-items', undefined, clerkToken)).status).toBe(403);
    expect((await call('PUT', `/api/admin/apps/${windowId}/licence-use/330100-JY-0002`, { legalBasis: 'x' }, clerkToken)).status).toBe(403);
    expect((await fetch(`${svc.url}/api/admin/service-items`)).status).toBe(401);
  });
});
