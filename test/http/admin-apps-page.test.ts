// The administration console's apps and roles pages in Chromium, through the pages alone: a system
// administrator signs in (password and one-time password), registers an app (the secret shown once,
// inside its box), changes every registration field, disables and enables it, issues a new secret
// and sees an app's recent sign-ins; a security administrator grants a role on the roles page but
// has no form for their own; each administrative role is refused the others' pages. Tables scroll
// or stack at 768 px, buttons stay horizontal, axe finds nothing. Screenshots in test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { axeViolations } from '../support/axe.ts';
import { consoleSignIn } from '../support/console-sign-in.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture } from '../support/staff-admin.ts';

const PASSWORD = 'apps page passphrase 9';
const system = { id: 'system:test', kind: 'system' as const };
/** Waits for what a form post's page shows (generous: the test machine is shared). */
const slow = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe.skipIf(skipWithout('the administration console in Chromium', 'chromium'))('administration console: apps and roles pages in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let consoleId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    ({ consoleId } = await adminFixture(c, PASSWORD));
    await createAccount(c.identity, { kind: 'staff', name: '孔安全', staffNumber: 'SEC1', departmentId: 'dsj', roles: ['security_admin'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AUD1', departmentId: 'dsj', roles: ['auditor'], password: PASSWORD }, system);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  let signInAs: ReturnType<typeof consoleSignIn> | undefined;
  const signIn = (page: Page, path: string, login: string) => (signInAs ??= consoleSignIn(svc.url, PASSWORD))(page, path, login);

  async function noViolations(page: Page): Promise<void> {
    expect(await axeViolations(page)).toEqual([]);
  }

  it('a system administrator registers, changes, disables, enables an app and gives it a new secret', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await signIn(page, '/admin/apps', 'A001');
    expect(await page.locator('h1').textContent()).toBe('应用管理');
    expect(await page.locator('#apps tbody').textContent()).toContain(consoleId);
    await noViolations(page);

    // Register: every field on the form.
    await page.locator('#n-name').fill('医保服务');
    await page.locator('#n-redirects').fill('https://yb.example.gov.cn/cb\nhttps://yb.example.gov.cn/cb2');
    await page.locator('#n-logout').fill('https://yb.example.gov.cn/bye');
    await page.locator('#n-backchannel').fill('https://yb.example.gov.cn/backchannel');
    await page.locator('#n-scope-phone').check();
    await page.locator('#n-alg').selectOption('RS256');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    const secret = page.locator('#shown-secret');
    await slow(() => secret.textContent()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The secret fits its box.
    const firstSecret = await secret.textContent();
    const [box, code] = [await page.locator('.secret').boundingBox(), await secret.boundingBox()];
    expect(code!.x + code!.width).toBeLessThanOrEqual(box!.x + box!.width);
    const clientId = /[A-Za-z0-9_-]{16,}$/.exec((await page.locator('.notice').first().textContent())!.trim())?.[0] as string;
    expect(await svc.container.apps.find(clientId)).toMatchObject({
      metadata: { client_name: '医保服务', post_logout_redirect_uris: ['https://yb.example.gov.cn/bye'], backchannel_logout_uri: 'https://yb.example.gov.cn/backchannel', id_token_signed_response_alg: 'RS256', scope: 'openid profile phone' },
    });
    await shot(page, 'admin-apps-registered');
    // A reload does not show the secret again.
    await page.goto(`${svc.url}/admin/apps`);
    expect(await page.locator('#shown-secret').count()).toBe(0);

    // Change every registration field on the app's page.
    await page.getByRole('link', { name: /管理\s*医保服务/ }).click();
    await page.waitForURL(/\/admin\/apps\/[^/]+$/);
    await page.locator('#e-name').fill('医保服务平台');
    await page.locator('#e-kind').selectOption('first_party');
    await page.locator('#e-redirects').fill('https://yb.example.gov.cn/callback');
    await page.locator('#e-logout').fill('https://yb.example.gov.cn/bye\nhttps://yb.example.gov.cn/home');
    await page.locator('#e-backchannel').fill('');
    await page.locator('#e-grant-refresh_token').check();
    await page.locator('#e-scope-phone').uncheck();
    await page.locator('#e-scope-staff').check();
    await page.locator('#e-alg').selectOption('ES256');
    await page.locator('#e-refresh').selectOption('always');
    await page.locator('#e-full-id').check();
    await page.getByRole('button', { name: '保存' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已保存。');
    const changed = (await svc.container.apps.find(clientId))!.metadata;
    expect(changed).toMatchObject({
      client_name: '医保服务平台', app_kind: 'first_party', redirect_uris: ['https://yb.example.gov.cn/callback'],
      post_logout_redirect_uris: ['https://yb.example.gov.cn/bye', 'https://yb.example.gov.cn/home'], id_token_signed_response_alg: 'ES256',
      grant_types: ['authorization_code', 'refresh_token'], scope: 'openid profile staff', refresh_policy: 'always', full_id_number: true,
    });
    expect(changed).not.toHaveProperty('backchannel_logout_uri');
    // Audited with who changed it and each field before and after.
    const update = (await svc.container.auditStore.page(0, 10_000)).findLast((r) => r.action === 'app.update' && r.object === clientId)!;
    const admin = (await svc.container.identity.accounts.findByLogin('staff:A001'))!;
    expect(update.actorId).toBe(admin.id);
    expect(JSON.parse(update.details)).toMatchObject({
      before: { kind: 'third_party', refreshPolicy: 'offline_access', fullIdNumber: false, redirectUris: ['https://yb.example.gov.cn/cb', 'https://yb.example.gov.cn/cb2'], backchannelLogoutUri: 'https://yb.example.gov.cn/backchannel' },
      after: { kind: 'first_party', refreshPolicy: 'always', fullIdNumber: true, redirectUris: ['https://yb.example.gov.cn/callback'], backchannelLogoutUri: null },
    });
    await noViolations(page);
    await shot(page, 'admin-apps-record');

    // A refused change names the field and keeps the registration.
    await page.locator('#e-redirects').fill('javascript:alert(1)');
    await page.getByRole('button', { name: '保存' }).click();
    await slow(() => page.locator('.error').textContent()).toContain('redirectUris.0');
    expect((await svc.container.apps.find(clientId))!.metadata.redirect_uris).toEqual(['https://yb.example.gov.cn/callback']);

    // Disable, enable, a new secret shown once.
    await page.getByRole('button', { name: '停用应用（立即不能登录和获取令牌）' }).click();
    await slow(() => page.locator('#app-status').textContent()).toBe('停用');
    expect((await svc.container.apps.find(clientId))!.status).toBe('disabled');
    await page.getByRole('button', { name: '启用应用' }).click();
    await slow(() => page.locator('#app-status').textContent()).toBe('启用');
    await page.getByRole('button', { name: '重新生成客户端密钥（旧密钥立即失效）' }).click();
    await slow(() => page.locator('#shown-secret').textContent()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('#shown-secret').textContent()).not.toBe(firstSecret);
    const actions = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.object === clientId).map((r) => r.action);
    expect(actions).toEqual(['app.register', 'app.update', 'app.disable', 'app.enable', 'app.secret.rotate']);

    // Recent sign-ins of an app, from the audit log: the console's own, just used.
    await page.goto(`${svc.url}/admin/apps/yinxin-staff-admin`);
    expect(await page.locator('#sign-ins tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#sign-ins').textContent()).toContain('authorization_code');
    expect(await page.locator('#sign-ins').textContent()).toContain(admin.id);
    await noViolations(page);
    expect(errors).toEqual([]);

    // At 768 px: tables scroll or stack (no column a character wide), buttons stay horizontal.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of ['/admin/apps', '/admin/apps/yinxin-staff-admin']) {
      await page.goto(`${svc.url}${path}`);
      const cells = await page.locator('table.staff th, table.staff td').evaluateAll((els) => els.map((e) => ({ w: e.getBoundingClientRect().width, text: e.textContent ?? '' })));
      for (const c of cells.filter((x) => x.text.trim().length > 1)) expect(c.w, c.text).toBeGreaterThan(30);
      const buttons = await page.locator('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ w: r.width, h: r.height })));
      for (const b of buttons) expect(b.w).toBeGreaterThan(b.h);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
      expect(overflow).toBeLessThanOrEqual(0);
      await noViolations(page);
    }
    await shot(page, 'admin-apps-record-768');
    await page.goto(`${svc.url}/admin/apps`);
    await shot(page, 'admin-apps-768');
    await context.close();
  }, 120_000);

  it('a security administrator grants roles, never their own; each role is refused the others\' pages', async () => {
    const security = await browser.newContext({ locale: 'zh-CN' });
    const page = await security.newPage();
    await signIn(page, '/admin/roles', 'SEC1');
    expect(await page.locator('h1').textContent()).toBe('角色授权');
    await page.locator('#r-q').fill('C001');
    await page.locator('#r-q').press('Enter');
    await page.getByRole('link', { name: /修改\s*赵办事/ }).click();
    await page.getByRole('checkbox', { name: '印章审批人' }).check();
    await page.getByRole('button', { name: '保存角色' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已保存角色。');
    expect((await svc.container.identity.accounts.findByLogin('staff:C001'))?.staff?.roles).toEqual(['clerk', 'seal_approver']);
    // Two administrative roles for one person: refused, naming the rule.
    await page.getByRole('checkbox', { name: '系统管理员' }).check();
    await page.getByRole('checkbox', { name: '审计管理员' }).check();
    await page.getByRole('button', { name: '保存角色' }).click();
    await slow(() => page.locator('.error').textContent()).toContain('separation_of_duties');
    await noViolations(page);
    await shot(page, 'admin-roles-record');
    // Their own record: no form.
    const self = (await svc.container.identity.accounts.findByLogin('staff:SEC1'))!;
    await page.goto(`${svc.url}/admin/roles/${self.id}`);
    expect(await page.locator('#roles-self').count()).toBe(1);
    expect(await page.locator('form[method="post"]').count()).toBe(0);
    // Not the system administrator's pages.
    for (const path of ['/admin/apps', '/admin/staff', '/admin/departments']) {
      const res = await page.goto(`${svc.url}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await page.locator('.error').textContent()).toContain('您的角色不能使用此页面');
    }
    await noViolations(page);
    await shot(page, 'admin-refused');
    await security.close();

    const auditor = await browser.newContext({ locale: 'zh-CN' });
    const a = await auditor.newPage();
    await signIn(a, '/admin/roles', 'AUD1');
    expect(await a.locator('.error').textContent()).toContain('您的角色不能使用此页面');
    for (const path of ['/admin/apps', '/admin/staff', `/admin/roles/${self.id}`]) expect((await a.goto(`${svc.url}${path}`))?.status(), path).toBe(403);
    await auditor.close();

    const systemAdmin = await browser.newContext({ locale: 'zh-CN' });
    const s = await systemAdmin.newPage();
    await signIn(s, '/admin/staff', 'A001');
    for (const path of ['/admin/roles', `/admin/roles/${self.id}`]) expect((await s.goto(`${svc.url}${path}`))?.status(), path).toBe(403);
    expect((await s.goto(`${svc.url}/admin/apps`))?.status()).toBe(200);
    await systemAdmin.close();
  }, 120_000);
});
