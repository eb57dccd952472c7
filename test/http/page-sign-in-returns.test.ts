// Where the audit page and the account pages send a browser to sign in, with what, and where it
// comes back: the audit page asks for a one-time password on every sign-in and, once it is older
// than ADMIN_OTP_MAX_AGE_S, for a fresh sign-in (prompt=login, max_age); a search comes back to
// itself, an export and a form post to the page. The account pages come back to the section
// opened (without its query) and, from a form post, to the overview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'page sign-in passphrase 5';
const PHONE = '13800000517';
const system = { id: 'system:test', kind: 'system' as const };

describe('sign-in from the audit page and the account pages', () => {
  let svc: OidcTestService;
  /** The auditor's stored page session (its token is the audit page's). */
  let auditSession: string;

  beforeAll(async () => {
    svc = await startOidcService({ ADMIN_OTP_MAX_AGE_S: '2' });
    const c = svc.container;
    await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AU05', departmentId: 'city', roles: ['auditor'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'citizen', name: '张三', idNumber: null, phone: PHONE, password: PASSWORD, assurance: 'L1' }, system);
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  /** The authorization request a page redirected to, and where its pending sign-in comes back to. */
  async function signInAsked(res: Response, prefix: string): Promise<{ auth: URL; returnTo: string }> {
    expect(res.status).toBe(303);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await res.arrayBuffer();
    const auth = new URL(res.headers.get('location') as string);
    expect(auth.pathname).toBe('/oidc/auth');
    const pending = await svc.container.kv.get(`${prefix}-login:${auth.searchParams.get('state')}`);
    return { auth, returnTo: (JSON.parse(pending as string) as { returnTo: string }).returnTo };
  }

  /** The page the callback's refresh moves on to. */
  const refreshTo = async (res: Response) => /http-equiv="refresh" content="0;url=([^"]+)"/.exec(await res.text())?.[1]?.replace(/&amp;/g, '&');

  it('asks an auditor for a one-time password, comes back to the search, and asks again once it is too old', async () => {
    const ua = new UserAgent();
    const search = '/admin/audit?object=lic-1&run=1';
    const first = await signInAsked(await ua.request(`${svc.url}${search}`), 'audit');
    expect(first.auth.searchParams.get('client_id')).toBe('yinxin-audit-console');
    expect(first.auth.searchParams.get('acr_values')).toBe('L1-mfa');
    expect(first.auth.searchParams.get('prompt')).toBeNull();
    expect(first.auth.searchParams.get('max_age')).toBeNull();
    expect(first.returnTo).toBe(search);

    const login = await ua.follow(first.auth.href, 'about:');
    const loginHtml = await login.res.text();
    const otpStep = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, 'about:', { form: { csrf: csrfOf(loginHtml), login: 'AU05', password: PASSWORD } });
    expect(otpStep.url).toMatch(/\/totp$/);
    const otpHtml = await otpStep.res.text();
    const secret = /id="totp-secret">([^<]+)</.exec(otpHtml)![1]!.replace(/\s+/g, '');
    const back = await ua.follow(new URL(formAction(otpHtml, '/totp'), svc.url).href, 'about:', { form: { csrf: csrfOf(otpHtml), otp: totpCode(secret) } });
    expect(new URL(back.url).pathname).toBe('/admin/audit/callback');
    expect(await refreshTo(back.res)).toBe(search);
    const open = await ua.request(`${svc.url}${search}`);
    expect(open.status).toBe(200);
    const csrf = csrfOf(await open.text());
    auditSession = (await svc.container.kv.get(`audit-page:${ua.cookies.get('yx_audit')}`)) as string;

    await new Promise((r) => setTimeout(r, 3_100));
    const again = await signInAsked(await ua.request(`${svc.url}/admin/audit/export?format=csv`), 'audit');
    expect(Object.fromEntries(['client_id', 'acr_values', 'prompt', 'max_age'].map((k) => [k, again.auth.searchParams.get(k)])))
      .toEqual({ client_id: 'yinxin-audit-console', acr_values: 'L1-mfa', prompt: 'login', max_age: '2' });
    expect(again.returnTo).toBe('/admin/audit');
    // A form posted with a stale one-time password is not replayed after the sign-in.
    const verify = await signInAsked(await ua.request(`${svc.url}/admin/audit/verify`, { form: { csrf } }), 'audit');
    expect(verify.auth.searchParams.get('prompt')).toBe('login');
    expect(verify.returnTo).toBe('/admin/audit');
    expect((await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'audit.verify')).toEqual([]);
  }, 60_000);

  it('brings a person back to the account section opened, and to the overview from a form post', async () => {
    const ua = new UserAgent();
    const posted = await signInAsked(await ua.request(`${svc.url}/account/password`, { form: { csrf: 'x' } }), 'account');
    expect(posted.returnTo).toBe('/account');
    // The browser's last pending sign-in is the one it can finish.
    const section = await signInAsked(await ua.request(`${svc.url}/account/phone?large=1`), 'account');
    expect(section.auth.searchParams.get('client_id')).toBe('yinxin-account');
    expect(section.auth.searchParams.get('prompt')).toBeNull();
    expect(section.auth.searchParams.get('acr_values')).toBeNull();
    expect(section.returnTo).toBe('/account/phone');

    const login = await ua.follow(section.auth.href, 'about:');
    const loginHtml = await login.res.text();
    const back = await ua.follow(new URL(formAction(loginHtml, '/login'), svc.url).href, 'about:', { form: { csrf: csrfOf(loginHtml), login: PHONE, password: PASSWORD } });
    expect(new URL(back.url).pathname).toBe('/account/callback');
    expect(await refreshTo(back.res)).toBe('/account/phone');
    const open = await ua.request(`${svc.url}/account/phone`);
    expect(open.status).toBe(200);
    await open.arrayBuffer();
    // A page session holding another app's token (the audit page's) is no sign-in here.
    const borrowed = 'b'.repeat(43);
    await svc.container.kv.set(`account-page:${borrowed}`, auditSession, 60);
    const other = new UserAgent();
    other.cookies.set('yx_account', borrowed);
    await signInAsked(await other.request(`${svc.url}/account`), 'account');
  }, 60_000);
});
