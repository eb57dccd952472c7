// The staff directory admin pages in Chromium: an account administrator signs in through the SSO
// (password and one-time password), adds a department and a staff member with the keyboard, sees
// the initial password once, and disables the staff member. Forms without the page's CSRF token
// and non-administrators are refused. Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { totpCode } from '../support/staff-admin.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'page admin passphrase 5';
const system = { id: 'system:test', kind: 'system' as const };

describe.skipIf(skipWithout('staff directory admin pages in Chromium', 'chromium'))('staff directory admin pages in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await c.identity.accounts.addDepartment({ id: 'rsj', parentId: 'city', name: '人力资源和社会保障局', kind: 'bureau' });
    await createAccount(c.identity, { kind: 'staff', name: '冯管理', staffNumber: 'PA01', departmentId: 'rsj', roles: ['system_admin'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '陈办事', staffNumber: 'PC01', departmentId: 'rsj', roles: ['clerk'], password: PASSWORD }, system);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function signIn(page: Page, login: string): Promise<void> {
    await page.goto(`${svc.url}/admin/departments`);
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(login);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('an account administrator manages departments and staff with the keyboard', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await signIn(page, 'PA01');
    await page.waitForURL(/\/totp$/);
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('动态口令（6位）').fill(totpCode(secret));
    await page.getByLabel('动态口令（6位）').press('Enter');
    await page.waitForURL(/\/admin\/departments$/);
    expect(await page.locator('h1').textContent()).toBe('部门管理');
    expect(await page.locator('.tree').textContent()).toContain('人力资源和社会保障局');

    // Add a division with the keyboard only (Enter in a text field submits its form).
    await page.locator('#d-kind').selectOption('division');
    await page.locator('#d-parent').selectOption('rsj');
    await page.locator('#d-id').focus();
    await page.keyboard.type('jyc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('就业促进处');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.notice').textContent()).toBe('已保存。');
    expect(await page.locator('.tree').textContent()).toContain('就业促进处');
    // A rule broken: an office cannot hold a bureau — the field and code are named.
    await page.locator('#d-id').fill('bad');
    await page.locator('#d-name').fill('错误');
    await page.locator('#d-kind').selectOption('bureau');
    await page.locator('#d-parent').selectOption('jyc');
    await page.locator('#d-name').press('Enter');
    await expect.poll(() => page.locator('.error').textContent()).toContain('kind_not_allowed');
    await shot(page, 'admin-departments');

    await page.goto(`${svc.url}/admin/staff`);
    await page.locator('#n-number').fill('PS01');
    await page.locator('#n-name').fill('褚新人');
    await page.locator('#n-dept').selectOption('jyc');
    await page.getByRole('checkbox', { name: '经办人' }).check();
    await page.locator('#n-phone').press('Enter');
    await expect.poll(() => page.locator('#initial-password').textContent()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await page.locator('table.staff').textContent()).toContain('褚新人');
    await shot(page, 'admin-staff');
    // Reloading does not show the password again.
    await page.goto(`${svc.url}/admin/staff`);
    expect(await page.locator('#initial-password').count()).toBe(0);

    await page.getByRole('link', { name: /查看\s*褚新人/ }).click();
    await page.waitForURL(/\/admin\/staff\/s_/);
    await page.getByRole('button', { name: '停用（并注销其全部登录）' }).click();
    await expect.poll(() => page.locator('#staff-status').textContent()).toBe('已停用');
    expect(await page.locator('.notice').textContent()).toContain('已停用');
    const account = await svc.container.identity.accounts.findByLogin('staff:PS01');
    expect(account?.status).toBe('disabled');
    await shot(page, 'admin-staff-record');

    // English on request.
    await page.goto(`${svc.url}/admin/departments?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Departments');

    // A form post without the page's CSRF token is refused, and changes nothing.
    const cookies = await context.cookies(`${svc.url}/admin/departments`);
    expect(cookies.map((c) => c.name)).toContain('yx_admin');
    const res = await fetch(`${svc.url}/admin/departments`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      body: new URLSearchParams({ id: 'csrf1', name: '伪造', kind: 'division', parentId: 'rsj' }).toString(),
    });
    expect(res.status).toBe(403);
    expect((await svc.container.identity.accounts.departments()).some((d) => d.id === 'csrf1')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('refuses a staff member without the system administrator role', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, 'PC01');
    await page.waitForURL(/\/admin\/departments$/);
    expect(await page.locator('.error').textContent()).toContain('您的角色不能使用此页面');
    await context.close();
  }, 60_000);

  it('binds a pending sign-in to the browser that started it', async () => {
    const start = await fetch(`${svc.url}/admin/staff`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const auth = new URL(start.headers.get('location') as string);
    expect(auth.pathname).toBe('/oidc/auth');
    expect(auth.searchParams.get('client_id')).toBe('yinxin-staff-admin');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    const state = auth.searchParams.get('state') as string;
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('yx_admin_state='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    // Another browser (no state cookie) cannot land a code on it.
    const other = await fetch(`${svc.url}/admin/callback?code=x&state=${state}`, { redirect: 'manual' });
    expect(other.status).toBe(400);
    expect(await svc.container.kv.get(`admin-login:${state}`)).not.toBeNull();
  });
});
