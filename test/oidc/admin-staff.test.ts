// The staff directory administration API: system administrators only (with a one-time password),
// roles set by a security administrator only (never their own, one administrative role a person),
// field-level codes for bad input, the department tree's rules, staff accounts with initial
// passwords, and disabling a staff member ending their sign-ins everywhere with a back-channel
// logout token reaching the app they signed in to.
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'admin passphrase 77';
const system = { id: 'system:test', kind: 'system' as const };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('staff directory administration API', () => {
  let svc: OidcTestService;
  let consoleId: string;
  let adminToken: string;
  let appAdminToken: string;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let rpUrl: string;
  let rpConfig: oidc.Configuration;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const f = await adminFixture(c, PASSWORD);
    consoleId = f.consoleId;
    await createAccount(c.identity, { kind: 'staff', name: '钱账号', staffNumber: 'AA01', departmentId: 'dsj', roles: ['system_admin'], password: PASSWORD }, system);
    adminToken = (await signInToConsole(svc.url, consoleId, 'AA01', PASSWORD, (secret) => totpCode(secret as string))).tokens.access_token;
    await createAccount(c.identity, { kind: 'staff', name: '孔安全', staffNumber: 'SEC01', departmentId: 'dsj', roles: ['security_admin'], password: PASSWORD }, system);
    appAdminToken = (await signInToConsole(svc.url, consoleId, 'SEC01', PASSWORD, (secret) => totpCode(secret as string))).tokens.access_token;

    rp = await startTestRelyingParty();
    rpUrl = rp.url;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '协同办公', kind: 'first_party', public: false, redirectUris: [`${rpUrl}/cb`], postLogoutRedirectUris: [],
      backchannelLogoutUri: `${rpUrl}/backchannel`, grantTypes: ['authorization_code', 'refresh_token'], refreshPolicy: 'always', scopes: ['openid', 'staff'], fullIdNumber: false,
    }, system);
    rpConfig = await oidc.discovery(new URL(svc.issuer), app.clientId, { client_secret: app.clientSecret as string }, oidc.ClientSecretBasic(app.clientSecret as string), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await rp?.close();
    await svc?.stop();
  });

  const api = async (path: string, init: { method?: string; body?: unknown; token?: string | null; csv?: string } = {}) => {
    const token = init.token === undefined ? adminToken : init.token;
    const res = await fetch(`${svc.url}/api/admin${path}`, {
      method: init.method ?? (init.body !== undefined || init.csv !== undefined ? 'POST' : 'GET'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.csv !== undefined ? { 'content-type': 'text/csv' } : {}),
      },
      body: init.csv ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
    return { status: res.status, body: await res.json() as Json, headers: res.headers };
  };
  const codes = (b: Json) => (b.error.issues as { path: unknown[]; code: string }[]).map((i) => `${i.path.join('.')}:${i.code}`);

  /**
   * Sign in to the test app with a password; the code at its callback. With `newPassword`, an
   * initial password is replaced on the page that asks for it.
   */
  async function signInToApp(ua: UserAgent, login: string, password: string, newPassword?: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid staff', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const page = await ua.follow(url.href, `${rpUrl}/cb`);
    const html = await page.res.text();
    let step = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, `${rpUrl}/cb`, { form: { csrf: csrfOf(html), login, password } });
    if (newPassword !== undefined && /\/interaction\/[^/]+\/password$/.test(new URL(step.url).pathname)) {
      const form = await step.res.text();
      step = await ua.follow(new URL(formAction(form, '/password'), svc.url).href, `${rpUrl}/cb`, { form: { csrf: csrfOf(form), password: newPassword, confirm: newPassword } });
    }
    return { step, verifier, state };
  }

  it('refuses callers who are not system administrators with a one-time password', async () => {
    expect((await api('/staff', { token: null })).status).toBe(401);
    expect((await api('/staff', { token: 'not-a-token-at-all-xxxxxxxxxxxx' })).status).toBe(401);
    // A security administrator is not the system administrator.
    expect((await api('/staff', { token: appAdminToken })).status).toBe(403);
    // A clerk (no administrator role, no one-time password).
    const clerk = await signInToConsole(svc.url, consoleId, 'C001', PASSWORD, () => '000000');
    expect((await api('/departments', { token: clerk.tokens.access_token, body: { id: 'x', name: 'x', kind: 'bureau', parentId: 'city' } })).status).toBe(403);
    expect((await svc.container.identity.accounts.departments()).some((d) => d.id === 'x')).toBe(false);
    const denied = (await svc.container.auditStore.page(0, 1000)).filter((r) => r.action === 'admin.access' && ['staff', 'departments'].includes(r.object as string) && r.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the department tree shaped: kinds under the kinds that may contain them, no cycles, one root', async () => {
    expect((await api('/departments', { body: { id: 'scjg', name: '市场监督管理局', kind: 'bureau', parentId: 'city' } })).status).toBe(201);
    expect((await api('/departments', { body: { id: 'djzc', name: '登记注册处', kind: 'division', parentId: 'scjg' } })).status).toBe(201);
    expect((await api('/departments', { body: { id: 'ks1', name: '综合科', kind: 'office', parentId: 'djzc' } })).status).toBe(201);
    expect((await api('/departments', { body: { id: 'hd', name: '海定区', kind: 'district', parentId: 'city' } })).status).toBe(201);

    const refused = [
      await api('/departments', { body: { id: 'bad1', name: '处', kind: 'division', parentId: 'city' } }),
      await api('/departments', { body: { id: 'bad2', name: '市', kind: 'city', parentId: null } }),
      await api('/departments', { body: { id: 'bad3', name: '局', kind: 'bureau', parentId: null } }),
      await api('/departments', { body: { id: 'bad4', name: '局', kind: 'bureau', parentId: 'nowhere' } }),
      await api('/departments', { body: { id: 'scjg', name: '重复', kind: 'bureau', parentId: 'city' } }),
      await api('/departments/scjg', { method: 'PATCH', body: { parentId: 'ks1' } }),
      await api('/departments/scjg', { method: 'PATCH', body: { parentId: 'scjg' } }),
      await api('/departments/djzc', { method: 'PATCH', body: { parentId: 'hd' } }),
      await api('/departments', { body: { id: 'bad 5', name: '', kind: 'planet', parentId: 'city' } }),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(refused.slice(0, 8).map((r) => codes(r.body))).toEqual([
      ['parentId:kind_not_allowed'], ['parentId:root_exists'], ['parentId:parent_required'], ['parentId:unknown_department'], ['id:taken'],
      ['parentId:cycle'], ['parentId:cycle'], ['parentId:kind_not_allowed'],
    ]);
    expect(codes(refused[8]!.body).sort()).toEqual(['id:invalid_format', 'kind:invalid_value', 'name:too_small']);

    // A bureau moves under a district, keeping its divisions; a rename keeps the place.
    expect((await api('/departments/scjg', { method: 'PATCH', body: { parentId: 'hd', name: '海定区市场监督管理局' } })).body.department).toMatchObject({ parentId: 'hd', name: '海定区市场监督管理局' });
    const tree = (await api('/departments')).body.tree as Json[];
    expect(tree).toHaveLength(1);
    const hd = (tree[0]!.children as Json[]).find((n) => n.id === 'hd')!;
    expect(hd.children[0]).toMatchObject({ id: 'scjg', children: [{ id: 'djzc', children: [{ id: 'ks1' }] }] });
    const actions = (await svc.container.auditStore.page(0, 2000)).filter((r) => r.object === 'scjg' && r.action.startsWith('department.')).map((r) => r.action);
    expect(actions).toEqual(['department.add', 'department.move']);
  });

  it('creates, lists, searches, changes staff and resets passwords; initial passwords work once shown', async () => {
    expect((await api('/positions', { body: { id: 'kz', name: '科长' } })).status).toBe(201);
    expect((await api('/positions', { body: { id: 'ky', name: '科员' } })).status).toBe(201);
    expect(codes((await api('/positions', { body: { id: 'kz', name: '又一个' } })).body)).toEqual(['id:taken']);

    const created = await api('/staff', { body: { staffNumber: 'S100', name: '孙办事', departmentId: 'djzc', positions: ['kz'], roles: ['clerk'] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body.staff).toMatchObject({ staffNumber: 'S100', departmentId: 'djzc', department: ['某市', '海定区', '海定区市场监督管理局', '登记注册处'], positions: ['kz'], roles: ['clerk'], status: 'active' });
    const initial = created.body.initialPassword as string;
    expect(initial).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(JSON.stringify(await svc.container.knex('accounts').select('*'))).not.toContain(initial);

    const bad = await api('/staff', { body: { staffNumber: 'S 1', name: '', departmentId: 'nowhere', positions: ['zz'], roles: ['king'], phone: '123' } });
    expect(bad.status).toBe(400);
    expect(codes(bad.body).sort()).toEqual(['name:too_small', 'phone:invalid_format', 'roles.0:invalid_value', 'staffNumber:invalid_format']);
    expect(codes((await api('/staff', { body: { staffNumber: 'S101', name: '某', departmentId: 'nowhere', positions: ['zz'], roles: ['clerk'] } })).body).sort())
      .toEqual(['departmentId:unknown_department', 'positions.0:unknown_position']);
    expect(codes((await api('/staff', { body: { staffNumber: 'S100', name: '重号', departmentId: 'djzc', roles: ['clerk'] } })).body)).toEqual(['staffNumber:taken']);
    expect(codes((await api('/staff?limit=0&bogus=1')).body).sort()).toEqual(['bogus:unrecognized_keys', 'limit:too_small']);

    await api('/staff', { body: { staffNumber: 'S200', name: '周科员', departmentId: 'ks1', positions: ['ky'], roles: ['clerk'] } });
    const inScjg = await api('/staff?departmentId=scjg');
    expect(inScjg.body.staff.map((s: Json) => s.staffNumber)).toEqual(['S100', 'S200']);
    expect((await api('/staff?departmentId=djzc&subtree=false')).body.staff.map((s: Json) => s.staffNumber)).toEqual(['S100']);
    expect((await api(`/staff?q=${encodeURIComponent('周')}`)).body).toMatchObject({ total: 1, staff: [{ staffNumber: 'S200' }] });
    expect((await api('/staff?q=S2')).body.staff.map((s: Json) => s.staffNumber)).toEqual(['S200']);
    expect((await api('/staff?departmentId=nowhere')).status).toBe(404);

    const id = created.body.staff.id as string;
    const changed = await api(`/staff/${id}`, { method: 'PATCH', body: { departmentId: 'ks1', positions: ['kz', 'ky'] } });
    expect(changed.body.staff).toMatchObject({ departmentId: 'ks1', positions: ['kz', 'ky'], roles: ['clerk'] });
    // Roles: not the system administrator's; the security administrator's, at /api/admin/roles.
    expect(codes((await api(`/staff/${id}`, { method: 'PATCH', body: { roles: ['clerk', 'licence_issuer'] } })).body)).toContain('roles:unrecognized_keys');
    expect((await api(`/roles/${id}`, { method: 'PUT', body: { roles: ['clerk', 'licence_issuer'] } })).status).toBe(403);
    expect(codes((await api('/staff', { body: { staffNumber: 'S199', name: '越权', departmentId: 'ks1', roles: ['clerk', 'security_admin'] } })).body)).toEqual(['roles.1:admin_role']);
    const granted = await api(`/roles/${id}`, { method: 'PUT', body: { roles: ['clerk', 'licence_issuer'] }, token: appAdminToken });
    expect(granted.body.staff).toMatchObject({ roles: ['clerk', 'licence_issuer'] });
    expect(codes((await api(`/roles/${id}`, { method: 'PUT', body: { roles: ['system_admin', 'auditor'] }, token: appAdminToken })).body)).toEqual(['roles:separation_of_duties']);
    const record = (await svc.container.auditStore.page(0, 10_000)).findLast((r) => r.action === 'staff.roles');
    expect(JSON.parse(record!.details)).toEqual({ before: ['clerk'], after: ['clerk', 'licence_issuer'] });
    expect(codes((await api(`/staff/${id}`, { method: 'PATCH', body: { departmentId: 'nowhere' } })).body)).toEqual(['departmentId:unknown_department']);
    expect((await api('/staff/s_nobody', { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
    const self = (await svc.container.identity.accounts.findByLogin('staff:SEC01'))!;
    expect(codes((await api(`/roles/${self.id}`, { method: 'PUT', body: { roles: ['security_admin', 'system_admin'] }, token: appAdminToken })).body)).toEqual(['roles:self']);
    expect(codes((await api(`/roles/${self.id}`, { method: 'PUT', body: { roles: ['clerk'] }, token: appAdminToken })).body)).toEqual(['roles:self']);
    expect((await svc.container.identity.accounts.findById(self.id))?.staff?.roles).toEqual(['security_admin']);

    // The initial password signs in only after the holder has chosen a new one.
    const ua = new UserAgent();
    const first = await signInToApp(ua, 'S100', initial);
    expect(new URL(first.step.url).pathname).toMatch(/^\/interaction\/[^/]+\/password$/);
    const form = await first.step.res.text();
    expect(form).toContain('autocomplete="new-password"');
    const choose = (password: string, confirm: string) => ua.request(new URL(formAction(form, '/password'), svc.url).href, { method: 'POST', form: { csrf: csrfOf(form), password, confirm } });
    const mismatch = await choose('S100-新的密码', 'S100-另一个');
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('两次输入的新密码不一致');
    const same = await choose(initial, initial);
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('新密码不能与初始密码相同');
    expect((await choose('short', 'short')).status).toBe(400);
    expect((await ua.request(new URL(formAction(form, '/password'), svc.url).href, { method: 'POST', form: { csrf: 'forged', password: 'S100-新的密码', confirm: 'S100-新的密码' } })).status).toBe(403);
    const chosen = await ua.follow(new URL(formAction(form, '/password'), svc.url).href, `${rpUrl}/cb`, { form: { csrf: csrfOf(form), password: 'S100-新的密码', confirm: 'S100-新的密码' } });
    expect(chosen.url.startsWith(`${rpUrl}/cb`)).toBe(true);
    // The initial password is gone; the new one signs in at once.
    expect((await signInToApp(new UserAgent(), 'S100', initial)).step.res.status).toBe(401);
    expect((await signInToApp(new UserAgent(), 'S100', 'S100-新的密码')).step.url.startsWith(`${rpUrl}/cb`)).toBe(true);
    // A reset issues a new initial password, to be replaced again; the chosen one no longer works.
    const reset = await api(`/staff/${id}/password`, { method: 'POST' });
    expect(reset.body.initialPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await signInToApp(new UserAgent(), 'S100', 'S100-新的密码')).step.res.status).toBe(401);
    const again = await signInToApp(new UserAgent(), 'S100', reset.body.initialPassword as string);
    expect(new URL(again.step.url).pathname).toMatch(/\/password$/);
    const actions = (await svc.container.auditStore.page(0, 5000)).filter((r) => r.object === id).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.create', 'staff.update', 'account.password.replace_initial', 'staff.password.reset']));
  });

  it('disabling a staff member ends their sessions everywhere: back-channel logout, no refresh, no new login', async () => {
    const c = svc.container;
    const created = await api('/staff', { body: { staffNumber: 'S300', name: '吴离职', departmentId: 'djzc', roles: ['clerk'] } });
    const id = created.body.staff.id as string;
    const password = 'S300-自己的密码';
    const ua = new UserAgent();
    const { step, verifier, state } = await signInToApp(ua, 'S300', created.body.initialPassword as string, password);
    const tokens = await oidc.authorizationCodeGrant(rpConfig, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    expect(tokens.refresh_token).toBeTruthy();
    expect(codes((await api(`/staff/${c.identity.accounts && (await c.identity.accounts.findByLogin('staff:AA01'))!.id}/disable`, { method: 'POST' })).body)).toEqual(['id:self']);

    const before = rp.logoutTokens.length;
    const disabled = await api(`/staff/${id}/disable`, { method: 'POST' });
    expect(disabled.status).toBe(200);
    expect(disabled.body.staff.status).toBe('disabled');
    expect(disabled.body.ended).toMatchObject({ sessions: 1, grants: 1, backchannel: [{ clientId: rpConfig.clientMetadata().client_id, ok: true }] });
    expect(rp.logoutTokens.length).toBe(before + 1);
    const { payload } = await jwtVerify(rp.logoutTokens[before]!, createRemoteJWKSet(new URL(`${svc.issuer}/jwks`)), { issuer: svc.issuer, audience: rpConfig.clientMetadata().client_id });
    expect(payload.sub).toBe(claims.sub);
    expect(payload.sid).toBe(claims.sid);
    expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);

    await expect(oidc.refreshTokenGrant(rpConfig, tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(rpConfig, tokens.access_token)).active).toBe(false);
    // The browser's SSO session is gone and the password no longer signs in.
    const again = await signInToApp(ua, 'S300', password);
    expect(again.step.url.startsWith(`${rpUrl}/cb`)).toBe(false);
    expect(again.step.res.status).toBe(401);
    const audit = (await c.auditStore.page(0, 5000)).filter((r) => r.object === id && r.action === 'staff.disable');
    expect(audit).toHaveLength(1);

    // Enabled again, the staff member signs in anew.
    expect((await api(`/staff/${id}/enable`, { method: 'POST' })).body.staff.status).toBe('active');
    expect((await signInToApp(new UserAgent(), 'S300', password)).step.url.startsWith(`${rpUrl}/cb`)).toBe(true);
  });

  it('a disabled account cannot refresh even with a grant still standing', async () => {
    const c = svc.container;
    const created = await api('/staff', { body: { staffNumber: 'S400', name: '郑临时', departmentId: 'djzc', roles: ['clerk'] } });
    const { step, verifier, state } = await signInToApp(new UserAgent(), 'S400', created.body.initialPassword as string, 'S400-自己的密码');
    const tokens = await oidc.authorizationCodeGrant(rpConfig, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
    // Only the status changes (no sessions ended): the token endpoint itself refuses.
    await c.staff.directory.setStatus(created.body.staff.id as string, 'disabled');
    await expect(oidc.refreshTokenGrant(rpConfig, tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('imports staff from CSV as a job with row-level errors; a rerun creates nothing twice', async () => {
    const csv = '工号,姓名,部门,职务,角色,手机\r\nS500,"李,一",djzc,kz,clerk,13800000500\r\nS501,王二,nowhere,,clerk,\r\nS502,赵三,ks1,ky|kz,clerk;licence_issuer,\r\n,缺号,djzc,,clerk,\r\n';
    const run = async () => {
      const started = await api('/staff/imports', { csv });
      expect(started.status).toBe(202);
      expect(started.headers.get('location')).toBe(`/api/admin/staff/imports/${started.body.job.id}`);
      const read = async () => (await api(`/staff/imports/${started.body.job.id}`)).body.job as Json;
      await expect.poll(async () => (await read()).state, { timeout: 20_000 }).toBe('done');
      return read();
    };
    const first = await run();
    expect(first).toMatchObject({ total: 4, processed: 4, created: 2, existing: 0, failed: 2 });
    expect(first).not.toHaveProperty('passwords');
    expect(first.errors).toEqual([
      { line: 3, staffNumber: 'S501', code: 'ERR_VALIDATION', issues: [{ path: ['departmentId'], code: 'unknown_department', message: 'no such department' }] },
      { line: 5, staffNumber: null, code: 'ERR_VALIDATION', issues: [{ path: ['staffNumber'], code: 'invalid_format', message: '1–32 letters, digits or dashes' }] },
    ]);
    expect(await run()).toMatchObject({ total: 4, created: 0, existing: 2, failed: 2 });
    expect((await api('/staff?q=S50')).body.staff.map((s: Json) => [s.staffNumber, s.name, s.roles])).toEqual([['S500', '李,一', ['clerk']], ['S502', '赵三', ['clerk', 'licence_issuer']]]);
    expect(codes((await api('/staff/imports', { csv: 'who,name\nx,y\n' })).body)).toEqual(['header.0:unknown_column', 'header.staffNumber:missing_column', 'header.departmentId:missing_column', 'header.roles:missing_column']);
    expect(codes((await api('/staff/imports', { csv: 'staffNumber,name\n"x,y\n' })).body)).toEqual(['line.2:csv_syntax']);
    expect((await api('/staff/imports/simp_nope')).status).toBe(404);
    expect((await api('/staff/imports', { csv: 'x', token: appAdminToken })).status).toBe(403);
  });
});
