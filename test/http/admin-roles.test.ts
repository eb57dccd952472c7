// Separation of duties over the administration APIs and pages: a table of routes, each tried by the
// system, security and audit administrators (each signed in with a one-time password); only the
// role that holds the route's duty gets past the role check, the others get 403 (pages: the refusal
// page). No one can give themselves a role. An administrative request whose one-time password is
// older than ADMIN_OTP_MAX_AGE_S is refused with ERR_STEP_UP_REQUIRED (RFC 9470 challenge), and the
// pages send the administrator to sign in again with max_age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'roles table passphrase 3';
const system = { id: 'system:test', kind: 'system' as const };
type Role = 'system_admin' | 'security_admin' | 'auditor';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function people(svc: OidcTestService) {
  const c = svc.container;
  const { consoleId } = await adminFixture(c, PASSWORD);
  const made = {
    security_admin: await createAccount(c.identity, { kind: 'staff', name: '孔安全', staffNumber: 'SEC1', departmentId: 'dsj', roles: ['security_admin'], password: PASSWORD }, system),
    auditor: await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AUD1', departmentId: 'dsj', roles: ['auditor'], password: PASSWORD }, system),
  };
  const token = async (login: string) => (await signInToConsole(svc.url, consoleId, login, PASSWORD, (secret) => totpCode(secret as string))).tokens.access_token;
  return { consoleId, made, tokens: { system_admin: await token('A001'), security_admin: await token('SEC1'), auditor: await token('AUD1') } as Record<Role, string> };
}

describe('separation of duties over the administration APIs', () => {
  let svc: OidcTestService;
  let tokens: Record<Role, string>;
  let ids: { security: string; auditor: string; clerk: string; system: string };

  beforeAll(async () => {
    svc = await startOidcService();
    const p = await people(svc);
    tokens = p.tokens;
    const byLogin = async (l: string) => (await svc.container.identity.accounts.findByLogin(`staff:${l}`))!.id;
    ids = { security: p.made.security_admin.id, auditor: p.made.auditor.id, clerk: await byLogin('C001'), system: await byLogin('A001') };
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${svc.url}${path}`, {
      method, headers: { authorization: `Bearer ${tokens[role]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as Json, challenge: res.headers.get('www-authenticate') };
  };

  it('lets only the role holding each route\'s duty through', async () => {
    const routes: [string, string, Role, unknown?][] = [
      ['GET', '/api/admin/apps', 'system_admin'],
      ['PATCH', '/api/admin/apps/no-such-app', 'system_admin', { name: 'x' }],
      ['POST', '/api/admin/apps/no-such-app/secret', 'system_admin'],
      ['POST', '/api/admin/apps/no-such-app/disable', 'system_admin'],
      ['GET', '/api/admin/departments', 'system_admin'],
      ['GET', '/api/admin/positions', 'system_admin'],
      ['GET', '/api/admin/staff', 'system_admin'],
      ['PATCH', `/api/admin/staff/s_nobody`, 'system_admin', { name: 'x' }],
      ['POST', `/api/admin/staff/s_nobody/password`, 'system_admin'],
      ['GET', '/api/admin/roles', 'security_admin'],
      ['PUT', '/api/admin/roles/s_nobody', 'security_admin', { roles: ['clerk'] }],
      ['POST', '/api/admin/accounts/search', 'security_admin', { by: 'phone', value: '13900000000' }],
      ['GET', '/api/admin/accounts/c_nobody', 'security_admin'],
      ['POST', '/api/admin/accounts/c_nobody/disable', 'security_admin'],
      ['POST', '/api/admin/accounts/c_nobody/enable', 'security_admin'],
      ['POST', '/api/admin/accounts/c_nobody/reset', 'security_admin', { password: true }],
      ['POST', '/api/admin/accounts/c_nobody/sessions/end', 'security_admin', {}],
      ['POST', '/api/admin/sessions/search', 'security_admin', { by: 'staffNumber', value: 'C001' }],
      ['GET', '/api/admin/sessions/s_nobody', 'security_admin'],
      ['POST', '/api/admin/sessions/s_nobody/end', 'security_admin', {}],
      ['POST', '/api/admin/sessions/s_nobody/lockout/clear', 'security_admin'],
    ];
    const seen: string[] = [];
    for (const [method, path, holder, body] of routes) {
      for (const role of ['system_admin', 'security_admin', 'auditor'] as Role[]) {
        const { status, body: b } = await call(role, method, path, body);
        if (role === holder) expect([200, 404], `${role} ${method} ${path}: ${JSON.stringify(b)}`).toContain(status);
        else expect(status, `${role} ${method} ${path}`).toBe(403);
        seen.push(`${role} ${method} ${path} ${status === 403 ? 'refused' : 'allowed'}`);
      }
    }
    expect(seen.filter((s) => s.endsWith('allowed'))).toHaveLength(routes.length);
    // Each refusal is audited with the duty and the role it needed.
    const denied = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'admin.access' && r.outcome === 'denied');
    expect(denied.map((r) => JSON.parse(r.details).reason)).toEqual(expect.arrayContaining(['not_a_system_admin', 'not_a_security_admin']));
  });

  it('lets no one give themselves a role', async () => {
    const codes = (b: Json) => (b.error?.issues ?? []).map((i: Json) => `${i.path.join('.')}:${i.code}`);
    // The security administrator grants roles, but never their own.
    expect(codes((await call('security_admin', 'PUT', `/api/admin/roles/${ids.security}`, { roles: ['security_admin', 'system_admin'] })).body)).toEqual(['roles:self']);
    // The system administrator cannot set roles at all, nor add a staff member with an administrative role.
    expect((await call('system_admin', 'PUT', `/api/admin/roles/${ids.system}`, { roles: ['system_admin', 'security_admin'] })).status).toBe(403);
    expect(codes((await call('system_admin', 'PATCH', `/api/admin/staff/${ids.system}`, { roles: ['security_admin'] })).body)).toContain('roles:unrecognized_keys');
    expect(codes((await call('system_admin', 'POST', '/api/admin/staff', { staffNumber: 'ALT1', name: '替身', departmentId: 'dsj', roles: ['security_admin'] })).body)).toEqual(['roles.0:admin_role']);
    // The audit administrator changes nothing.
    expect((await call('auditor', 'PUT', `/api/admin/roles/${ids.auditor}`, { roles: ['auditor', 'security_admin'] })).status).toBe(403);
    // One administrative role a person: the security administrator cannot make someone hold two.
    expect(codes((await call('security_admin', 'PUT', `/api/admin/roles/${ids.clerk}`, { roles: ['clerk', 'system_admin', 'auditor'] })).body)).toEqual(['roles:separation_of_duties']);
    for (const [id, roles] of [[ids.security, ['security_admin']], [ids.system, ['system_admin']], [ids.auditor, ['auditor']], [ids.clerk, ['clerk']]] as const) {
      expect((await svc.container.identity.accounts.findById(id))?.staff?.roles).toEqual(roles);
    }
    // A grant to someone else works and is audited with before and after.
    const granted = await call('security_admin', 'PUT', `/api/admin/roles/${ids.clerk}`, { roles: ['clerk', 'auditor'] });
    expect(granted.body.staff.roles).toEqual(['clerk', 'auditor']);
    const record = (await svc.container.auditStore.page(0, 10_000)).findLast((r) => r.action === 'staff.roles');
    expect(record).toMatchObject({ actorId: ids.security, object: ids.clerk, outcome: 'success' });
    expect(JSON.parse(record!.details)).toEqual({ before: ['clerk'], after: ['clerk', 'auditor'] });
  });

  it('sends a browser without a page session to sign in through the console, from every console page', async () => {
    // Pages check the same way; without a page session they send the browser to sign in, with the
    // console's client id (the Chromium tests follow through).
    for (const path of ['/admin/apps', '/admin/apps/x', '/admin/staff', '/admin/departments', '/admin/roles', '/admin/roles/x', '/admin/accounts', '/admin/accounts/x', '/admin/sessions', '/admin/sessions/x']) {
      const res = await fetch(`${svc.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(303);
      expect(new URL(res.headers.get('location') as string).searchParams.get('client_id')).toBe('yinxin-staff-admin');
    }
  });
});

describe('a recent one-time password for every administrative action', () => {
  let svc: OidcTestService;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    svc = await startOidcService({ ADMIN_OTP_MAX_AGE_S: '2' });
    tokens = (await people(svc)).tokens;
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  it('refuses an action whose one-time password is older than ADMIN_OTP_MAX_AGE_S, with a stable code and a step-up challenge', async () => {
    await new Promise((r) => setTimeout(r, 3_100));
    for (const [role, path] of [['system_admin', '/api/admin/apps'], ['security_admin', '/api/admin/roles']] as const) {
      const res = await fetch(`${svc.url}${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as Json).error.code).toBe('ERR_STEP_UP_REQUIRED');
      const challenge = res.headers.get('www-authenticate') as string;
      expect(challenge).toContain('error="insufficient_user_authentication"');
      expect(challenge).toContain('acr_values="L1-mfa"');
      expect(challenge).toContain('max_age=2');
    }
    const denied = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'admin.access' && r.outcome === 'denied');
    expect(denied.map((r) => JSON.parse(r.details).reason)).toEqual(['one_time_password_too_old', 'one_time_password_too_old']);
  });

  it('sends an administrator whose one-time password is older than ADMIN_OTP_MAX_AGE_S to sign in again from a page', async () => {
    await createAccount(svc.container.identity, { kind: 'staff', name: '周系统', staffNumber: 'A002', departmentId: 'dsj', roles: ['system_admin'], password: PASSWORD }, system);
    const ua = new UserAgent();
    const login = await ua.follow(`${svc.url}/admin/apps`, 'about:');
    const loginHtml = await login.res.text();
    const otpStep = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, 'about:', { form: { csrf: csrfOf(loginHtml), login: 'A002', password: PASSWORD } });
    expect(otpStep.url).toMatch(/\/totp$/);
    const otpHtml = await otpStep.res.text();
    const secret = /id="totp-secret">([^<]+)</.exec(otpHtml)![1]!;
    const back = await ua.follow(new URL(formAction(otpHtml, '/totp'), svc.url).href, 'about:', { form: { csrf: csrfOf(otpHtml), otp: totpCode(secret) } });
    expect(new URL(back.url).pathname).toBe('/admin/callback');
    await back.res.arrayBuffer();
    const open = await ua.request(`${svc.url}/admin/apps`);
    expect(open.status).toBe(200);
    await open.arrayBuffer();

    await new Promise((r) => setTimeout(r, 3_100));
    const again = await ua.request(`${svc.url}/admin/apps`);
    expect(again.status).toBe(303);
    const auth = new URL(again.headers.get('location') as string);
    expect(auth.pathname).toBe('/oidc/auth');
    expect(auth.searchParams.get('prompt')).toBe('login');
    expect(auth.searchParams.get('max_age')).toBe('2');
  });
});
