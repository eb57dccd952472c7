// Forgot password and changing one's phone in Chromium, on a phone (390×844) and a desktop window
// (1280×800): from the sign-in page's 忘记密码 link through the code texted to the phone to
// signing in with the new password; from the account overview through the code texted to the new
// number to the new number on record. Every page fits its width without sideways scrolling, axe-core
// finds no violations in normal and large-text mode, and nothing is refused by the CSP.
// Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { axeViolations } from '../support/axe.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const OLD = 'Old-Pass-0801';
const NEW = 'New-Pass-0802';

const screens = [
  { name: 'phone', phoneBase: 800, options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  { name: 'desktop', phoneBase: 900, options: { viewport: { width: 1280, height: 800 } } },
] as const;

describe.skipIf(skipWithout('account recovery in Chromium', 'chromium'))('forgot password and change phone in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startOidcService();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const sms = () => (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent;
  const codeFor = (phone: string) => /(\d{6})/.exec(sms().get(phone) ?? '')?.[1] as string;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  /** No axe violations and no sideways scrolling on the page as it is, then in large text, then back. */
  async function checkPage(page: Page, name: string): Promise<void> {
    expect(await axeViolations(page), name).toEqual([]);
    expect(await fitsWidth(page), name).toBe(true);
    await shot(page, name);
    const here = new URL(page.url());
    here.searchParams.set('large', '1');
    await page.goto(here.href);
    expect(await axeViolations(page), `${name} large`).toEqual([]);
    expect(await fitsWidth(page), `${name} large`).toBe(true);
    await shot(page, `${name}-large`);
    here.searchParams.set('large', '0');
    await page.goto(here.href);
  }

  function watchCsp(page: Page): string[] {
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    return errors;
  }

  async function signIn(context: BrowserContext, phone: string, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${svc.url}/account`);
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/account$/);
    return page;
  }

  for (const screen of screens) {
    it(`forgot password from the sign-in page on a ${screen.name}`, async () => {
      const phone = `13800000${screen.phoneBase + 1}`;
      await createAccount(svc.container.identity, { kind: 'citizen', name: '忘记', idNumber: null, phone, password: OLD, assurance: 'L1' }, system);
      const context = await browser.newContext({ locale: 'zh-CN', ...screen.options });
      const page = await context.newPage();
      const errors = watchCsp(page);
      await page.goto(`${svc.url}/account`);
      await page.waitForURL(/\/interaction\//);
      const signInPage = new URL(page.url()).pathname;
      await page.locator('#forgot-link').click();
      await page.waitForURL(/\/account\/forgot\?return=/);
      expect(await page.locator('h1').textContent()).toBe('忘记密码');
      await checkPage(page, `forgot-phone-${screen.name}`);

      await page.getByLabel('手机号').fill(phone);
      await page.getByRole('button', { name: '发送验证码' }).click();
      await page.waitForURL(/\/account\/forgot\/code$/);
      expect(await page.locator('.notice').textContent()).toBe('如果此号码已登记，验证码已发送到该号码，10分钟内有效。');
      await checkPage(page, `forgot-code-${screen.name}`);

      // A wrong code is named, and the form stays.
      const code = codeFor(phone);
      await page.getByLabel('短信验证码').fill(code === '111111' ? '222222' : '111111');
      await page.getByLabel('新密码（至少8位）').fill(NEW);
      await page.getByLabel('再次输入新密码').fill(NEW);
      await page.getByRole('button', { name: '重设密码' }).click();
      await expect.poll(() => page.locator('.error').textContent()).toBe('验证码不正确或已过期。');
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `forgot-wrong-code-${screen.name}`);

      // The result page answers a post and cannot be loaded again: the phone sees it in large
      // text, the desktop in normal text.
      const large = screen.name === 'phone';
      if (large) await page.goto(`${svc.url}/account/forgot/code?large=1`);
      await page.getByLabel('短信验证码').fill(code);
      await page.getByLabel('新密码（至少8位）').fill(NEW);
      await page.getByLabel('再次输入新密码').fill(NEW);
      await page.getByRole('button', { name: '重设密码' }).click();
      await expect.poll(() => page.locator('.notice').textContent()).toBe('密码已重设。所有设备上的登录均已退出，请用新密码登录。');
      expect(await page.locator('body').getAttribute('class')).toBe(large ? 'large' : '');
      expect(await axeViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `forgot-done-${screen.name}${large ? '-large' : ''}`);

      // Back to the same sign-in, with the new password.
      expect(await page.locator('#forgot-back-to-sign-in').getAttribute('href')).toBe(signInPage);
      await page.locator('#forgot-back-to-sign-in').click();
      await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(phone);
      await page.getByLabel('密码').fill(NEW);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/account$/);
      expect(await page.locator('#account-phone').textContent()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it(`changes the phone from the account page on a ${screen.name}`, async () => {
      const phone = `13800000${screen.phoneBase + 11}`;
      const next = `13800000${screen.phoneBase + 12}`;
      await createAccount(svc.container.identity, { kind: 'citizen', name: '换号', idNumber: null, phone, password: OLD, assurance: 'L1' }, system);
      const context = await browser.newContext({ locale: 'zh-CN', ...screen.options });
      const page = await signIn(context, phone, OLD);
      const errors = watchCsp(page);
      await page.locator('#go-phone').click();
      await page.waitForURL(/\/account\/phone$/);
      expect(await page.locator('h1').textContent()).toBe('更换手机号');
      await checkPage(page, `phone-start-${screen.name}`);

      await page.getByLabel('当前密码').fill('Not-The-One-1');
      await page.getByLabel('新手机号').fill(next);
      await page.getByRole('button', { name: '发送验证码' }).click();
      await expect.poll(() => page.locator('.error').textContent()).toBe('当前密码不正确。');

      await page.getByLabel('当前密码').fill(OLD);
      await page.getByLabel('新手机号').fill(next);
      await page.getByRole('button', { name: '发送验证码' }).click();
      await expect.poll(() => page.locator('.notice').textContent()).toBe(`验证码已发送到 ${next}，5分钟内有效。`);
      // The code form is what the section shows while a code is pending.
      await page.goto(`${svc.url}/account/phone`);
      await checkPage(page, `phone-code-${screen.name}`);

      await page.getByLabel('短信验证码').fill(codeFor(next));
      await page.getByRole('button', { name: '确认更换' }).click();
      const masked = `${next.slice(0, 3)}****${next.slice(-4)}`;
      await expect.poll(() => page.locator('.notice').textContent()).toBe(`手机号已更换为 ${masked}。原号码已收到通知短信。`);
      expect(await page.locator('#current-phone').textContent()).toBe(masked);
      expect(await axeViolations(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `phone-changed-${screen.name}`);
      expect(sms().get(phone)).toContain(masked);
      expect((await svc.container.identity.accounts.findByLogin(`phone:${next}`))?.name).toBe('换号');
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
