// The sign-in pages in a real browser (Chromium through playwright-core): password login and
// consent, SMS-code login, large-text mode. Screenshots go to test-artifacts/browser/.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { residentId } from '../support/identity.ts';
import { freePort, startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PASSWORD = 'browser passphrase 1';
const PHONE = '13800000071';
const system = { id: 'system:test', kind: 'system' as const };

describe.skipIf(skipWithout('sign-in pages in Chromium', 'chromium'))('sign-in pages in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let rp: Server;
  let rpUrl: string;
  let thirdParty: string;
  let firstParty: string;
  const idNumber = residentId(71);

  beforeAll(async () => {
    svc = await startOidcService();
    const port = await freePort();
    rpUrl = `http://127.0.0.1:${port}`;
    rp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('signed in'));
    await new Promise<void>((r) => rp.listen(port, '127.0.0.1', r));
    const c = svc.container;
    const deps = { apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } };
    await createAccount(c.identity, { kind: 'citizen', name: '吴七', idNumber, phone: PHONE, assurance: 'L2', password: PASSWORD }, system);
    thirdParty = (await registerApp(deps, {
      name: '公积金查询', kind: 'third_party', public: true, redirectUris: [`${rpUrl}/cb`], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile', 'phone'], fullIdNumber: false,
    }, system)).clientId;
    firstParty = (await registerApp(deps, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [`${rpUrl}/cb`], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system)).clientId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => rp?.close(r));
    await svc?.stop();
  });

  async function authorizeUrl(clientId: string, scope: string): Promise<string> {
    const config = await oidc.discovery(new URL(svc.issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope, state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    }).href;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('signs in with a password and grants consent to a third-party app', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    // CSP refusals and script errors show as console errors (the browser's own favicon request 404s).
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await page.goto(await authorizeUrl(thirdParty, 'openid profile phone'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('登录统一身份认证平台');
    await shot(page, 'password-login');
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(idNumber);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/interaction\//);
    expect(await page.locator('h1').textContent()).toBe('授权确认');
    expect(await page.locator('.scopes li').allTextContents()).toEqual(expect.arrayContaining(['姓名', '手机号']));
    await shot(page, 'consent');
    await page.getByRole('button', { name: '同意授权' }).click();
    await page.waitForURL(`${rpUrl}/cb**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    // No CSP violations or script errors on the way.
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('signs in with an SMS code (first-party app: no consent page)', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(await authorizeUrl(firstParty, 'openid profile'));
    await page.getByRole('tab', { name: '短信验证码登录' }).click();
    await page.getByLabel('手机号').fill(PHONE);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('验证码已发送');
    const sent = (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent.get(PHONE) ?? '';
    const code = /(\d{6})/.exec(sent)?.[1] as string;
    await page.getByLabel('短信验证码').fill(code);
    await shot(page, 'sms-login');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${rpUrl}/cb**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    await context.close();
  }, 30_000);

  it('switches to large text with high contrast, in English, by keyboard', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(await authorizeUrl(firstParty, 'openid'));
    expect(await page.locator('h1').textContent()).toBe('Sign in to the city identity service');
    // Expressions run in the page (the test itself has no DOM types).
    const normal = await page.evaluate<string>('getComputedStyle(document.body).fontSize');
    // Keyboard only: tab to the large-text link and follow it.
    const link = page.getByRole('link', { name: 'Large text' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/large=1/);
    expect(await page.locator('body').getAttribute('class')).toContain('large');
    const large = await page.evaluate<{ size: string; bg: string }>('({ size: getComputedStyle(document.body).fontSize, bg: getComputedStyle(document.body).backgroundColor })');
    expect(parseFloat(large.size)).toBeGreaterThanOrEqual(1.4 * parseFloat(normal));
    expect(large.bg).toBe('rgb(255, 255, 255)');
    await shot(page, 'large-text');
    // The choice is remembered on the next page.
    await page.getByRole('tab', { name: 'Text message code' }).click();
    expect(await page.locator('body').getAttribute('class')).toContain('large');
    await context.close();
  }, 30_000);
});
