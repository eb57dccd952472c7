// The account page in Chromium on a phone-sized screen (the password change at a desktop window
// too): a citizen signs in through the SSO, sees who is signed in, changes the password (the old
// one is then refused, the new one works), starts the real-name check from the page and comes back
// at L2. Forms without the page's CSRF token are refused. Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PHONE = '13800000301';
const OLD = 'Old-Pass-0301';
const NEW = 'New-Pass-0302';
const NEWER = 'Newer-Pass-0303';
const system = { id: 'system:test', kind: 'system' as const };

describe.skipIf(skipWithout('account page in Chromium', 'chromium'))('account page in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let accountId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    // 张三 is in the development real-name register (dev/real-name-register.json).
    ({ id: accountId } = await createAccount(svc.container.identity, { kind: 'citizen', name: '张三', idNumber: null, phone: PHONE, password: OLD, assurance: 'L1' }, system));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const phone = () => browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  async function signIn(context: BrowserContext, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${svc.url}/account`);
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(PHONE);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    return page;
  }

  it('a citizen changes the password and takes the real-name check from the page', async () => {
    const context = await phone();
    const errors: string[] = [];
    const page = await signIn(context, OLD);
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await page.waitForURL(/\/account$/);
    expect(await page.locator('h1').textContent()).toBe('我的账号');
    expect(await page.locator('#account-name').textContent()).toBe('张三');
    expect(await page.locator('#account-phone').textContent()).toBe('138****0301');
    expect(await page.locator('#account-kind').textContent()).toBe('个人');
    expect(await page.locator('#account-level').textContent()).toContain('L1');
    expect(await page.getByRole('button', { name: '开始实名核验' }).isVisible()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'account-l1');
    // The narrowest phones in use are 360 px wide.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });

    // A wrong current password is named; then the change goes through.
    await page.locator('#go-password').click();
    await page.waitForURL(/\/account\/password$/);
    await page.getByLabel('当前密码').fill('Not-The-One-1');
    await page.getByLabel('新密码（至少8位）').fill(NEW);
    await page.getByLabel('再次输入新密码').fill(NEW);
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect.poll(() => page.locator('.error').textContent()).toBe('当前密码不正确。');
    await page.getByLabel('当前密码').fill(OLD);
    await page.getByLabel('新密码（至少8位）').fill(NEW);
    await page.getByLabel('再次输入新密码').fill('Different-0303');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect.poll(() => page.locator('.error').textContent()).toBe('两次输入的新密码不一致。');
    await page.getByLabel('当前密码').fill(OLD);
    await page.getByLabel('新密码（至少8位）').fill(NEW);
    await page.getByLabel('再次输入新密码').fill(NEW);
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect.poll(() => page.locator('.notice').first().textContent()).toBe('密码已修改，下次请用新密码登录。');
    await shot(page, 'account-password-changed');

    // The real-name check: through the SSO, asking for L2, and back to the page.
    await page.locator('#back-to-account').click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('button', { name: '开始实名核验' }).click();
    await page.waitForURL(/\/interaction\//);
    if (!/\/real-name$/.test(page.url())) await page.locator('#real-name-link').click();
    await page.waitForURL(/\/real-name$/);
    await page.getByLabel('姓名', { exact: true }).fill('张三');
    await page.getByLabel('身份证号', { exact: true }).fill('110105198001010016');
    await page.getByRole('button', { name: '提交核验' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('#account-level').textContent()).toContain('L2');
    expect(await page.getByRole('button', { name: '开始实名核验' }).count()).toBe(0);
    expect(await page.locator('.notice').textContent()).toBe('已完成实名核验。');
    expect((await svc.container.identity.accounts.findById(accountId))?.assurance).toBe('L2');
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'account-l2');
    expect(errors).toEqual([]);

    // A form posted without the page's CSRF token is refused.
    const forged = await page.request.post(`${svc.url}/account/password`, { form: { csrf: 'x', current: NEW, password: 'Forged-Pass-9', confirm: 'Forged-Pass-9' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await context.close();
  }, 120_000);

  it('after the change the old password is refused and the new one signs in', async () => {
    const context = await phone();
    const refused = await signIn(context, OLD);
    await expect.poll(() => refused.locator('.error').count()).toBeGreaterThan(0);
    expect(refused.url()).not.toMatch(/\/account$/);
    await refused.close();
    const page = await signIn(context, NEW);
    await page.waitForURL(/\/account$/);
    expect(await page.locator('#account-name').textContent()).toBe('张三');
    await context.close();
  }, 60_000);
  it('changes the password at a desktop window too (1280×800)', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await signIn(context, NEW);
    await page.waitForURL(/\/account$/);
    await page.locator('#go-password').click();
    await page.waitForURL(/\/account\/password$/);
    await page.getByLabel('当前密码').fill(NEW);
    await page.getByLabel('新密码（至少8位）').fill(NEWER);
    await page.getByLabel('再次输入新密码').fill(NEWER);
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect.poll(() => page.locator('.notice').first().textContent()).toBe('密码已修改，下次请用新密码登录。');
    expect(await fitsWidth(page)).toBe(true);
    await shot(page, 'account-password-changed-1280');
    await context.close();
    const again = await signIn(await phone(), NEWER);
    await again.waitForURL(/\/account$/);
    await again.context().close();
  }, 60_000);

  it('a citizen who registers on the way from the home page lands on the page with the real-name check next', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${svc.url}/`);
    await page.click('#go-account');
    await page.getByRole('link', { name: '没有账号？立即注册' }).click();
    await page.locator('#reg-phone-send').fill('13800000303');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('验证码已发送');
    const sms = (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent;
    await page.getByLabel('短信验证码').fill(/(\d{6})/.exec(sms.get('13800000303') ?? '')?.[1] as string);
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('设置密码（至少8位）').fill('registered on phone 1');
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('#account-name').textContent()).toBe('李四');
    expect(await page.locator('#account-level').textContent()).toContain('L1');
    expect(await page.locator('#real-name-h + p').textContent()).toContain('下一步');
    expect(await page.getByRole('button', { name: '开始实名核验' }).isVisible()).toBe(true);
    await shot(page, 'account-after-registration');
    await context.close();
  }, 60_000);
});
