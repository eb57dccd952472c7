// QR-scan login in Chromium with two browser contexts: a desktop at a government app's sign-in
// page and a "phone" running the page that plays the city app (/app/scan, signed in at L2).
// Success, decline, expiry (the server's clock moved on), replay of a used code, and a code
// confirmed for another interaction. No CSP refusal or script error anywhere. Screenshots go to
// test-artifacts/qr-login/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/ports/clock.ts';
import { launchChromium } from '../support/chromium.ts';
import { qrOnScreen } from '../support/qr-on-screen.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { DESKTOP_REDIRECT, PASSWORD, PEOPLE, qrLoginWorld } from './qr-login-world.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/qr-login/', import.meta.url));

describe.skipIf(skipWithout('QR-scan login in Chromium', 'chromium'))('QR-scan login in Chromium', () => {
  let svc: OidcTestService;
  let world: Awaited<ReturnType<typeof qrLoginWorld>>;
  let browser: Browser;
  let phoneContext: BrowserContext;
  let phone: Page;
  const errors: string[] = [];
  let usedLink = '';

  const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const watch = (p: Page) => p.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });

  /** A desktop browser at the desktop app's sign-in page, QR tab open and a code on screen. */
  async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await context.route(`${DESKTOP_REDIRECT}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'signed in' }));
    const page = await context.newPage();
    watch(page);
    const config = await oidc.discovery(new URL(svc.issuer), world.desktopId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    await page.goto(oidc.buildAuthorizationUrl(config, {
      redirect_uri: DESKTOP_REDIRECT, scope: 'openid profile', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    }).href);
    await page.getByRole('tab', { name: '扫码登录' }).click();
    await page.locator('#qr-image:not([hidden])').waitFor();
    return { context, page };
  }

  /** What a phone camera reads off the desktop screen. */
  const readQr = (page: Page) => qrOnScreen(page, 'qr-image');

  /** The phone scans a link and shows who asks; returns the page text of the request. */
  async function scan(link: string): Promise<void> {
    await phone.locator('#qr-code').fill(link);
    await phone.getByRole('button', { name: '扫码', exact: true }).click();
  }

  const state = (page: Page) => page.locator('#qr-state').textContent();
  const qrClock = () => svc.container.qrLogin as { clock: Clock };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    world = await qrLoginWorld(svc.container);
    browser = await launchChromium();
    phoneContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone = await phoneContext.newPage();
    watch(phone);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('the phone signs in to the city app at L2', async () => {
    await phone.goto(`${svc.url}/app/scan`);
    // Signed out, the page says what a scan is for: signing in on a computer, or a service window's request for licences.
    const intro = await phone.locator('#signed-out p').textContent();
    expect(intro).toContain('在电脑上登录');
    expect(intro).toContain('把办事需要的证照提供给窗口');
    await shot(phone, 'phone-signed-out');
    await phone.getByRole('button', { name: '登录城市App' }).click();
    await phone.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(PEOPLE.l2);
    await phone.getByLabel('密码').fill(PASSWORD);
    await phone.getByRole('button', { name: '登录' }).click();
    await phone.locator('#qr-code').waitFor();
    expect(phone.url()).toBe(`${svc.url}/app/scan`);
  }, 60_000);

  it('signs the desktop in when the phone scans and confirms', async () => {
    const { context, page } = await desktop();
    expect(await state(page)).toContain('请使用城市App扫码');
    await shot(page, 'desktop-qr');
    const link = await readQr(page);
    expect(link).toMatch(new RegExp(`^${svc.url}/app/scan#qr=[A-Za-z0-9_-]{43}$`));
    await scan(link);
    await phone.locator('#asking:not([hidden])').waitFor();
    expect(await phone.locator('#asking-app').textContent()).toBe('公积金查询');
    expect(await phone.locator('#asking-from').textContent()).toMatch(/Chrome on Linux · /);
    await shot(phone, 'phone-asking');
    await expect.poll(() => state(page), { timeout: 10_000 }).toContain('已扫码');
    await shot(page, 'desktop-scanned');
    await phone.getByRole('button', { name: '确认登录' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('已确认登录');
    await shot(phone, 'phone-confirmed');
    // A third-party app: the consent page follows the sign-in.
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('授权确认');
    await shot(page, 'desktop-consent');
    await page.getByRole('button', { name: '同意授权' }).click();
    await page.waitForURL(`${DESKTOP_REDIRECT}**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    usedLink = link;
    await context.close();
  }, 60_000);

  it('refuses a replay of the used code on the phone', async () => {
    await scan(usedLink);
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('ERR_QR_LOGIN_USED');
    expect(await phone.locator('#asking').isHidden()).toBe(true);
    await shot(phone, 'phone-replay-refused');
  }, 30_000);

  it('says so on the desktop when the phone declines, and offers a fresh code', async () => {
    const { context, page } = await desktop();
    const link = await readQr(page);
    await scan(link);
    await phone.locator('#asking:not([hidden])').waitFor();
    await phone.getByRole('button', { name: '拒绝' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('已拒绝');
    await expect.poll(() => state(page), { timeout: 10_000 }).toContain('拒绝');
    expect(await page.locator('#qr-image').isHidden()).toBe(true);
    await shot(page, 'desktop-declined');
    await page.getByRole('button', { name: '刷新二维码' }).click();
    await page.locator('#qr-image:not([hidden])').waitFor();
    expect(await readQr(page)).not.toBe(link);
    await context.close();
  }, 60_000);

  it('renews a code nobody scanned, and says an unconfirmed scan expired', async () => {
    const { context, page } = await desktop();
    const first = await readQr(page);
    const real = qrClock().clock;
    let shift = 0;
    qrClock().clock = { now: () => new Date(real.now().getTime() + shift) };
    try {
      shift = 121_000;
      // Unscanned: the page asks for a new code by itself.
      await expect.poll(async () => readQr(page).catch(() => first), { timeout: 15_000 }).not.toBe(first);
      const second = await readQr(page);
      await scan(second);
      await phone.locator('#asking:not([hidden])').waitFor();
      await expect.poll(() => state(page), { timeout: 10_000 }).toContain('已扫码');
      shift = 242_000;
      await expect.poll(() => state(page), { timeout: 10_000 }).toContain('已过期');
      expect(await page.getByRole('button', { name: '刷新二维码' }).isVisible()).toBe(true);
      await shot(page, 'desktop-expired');
      await phone.getByRole('button', { name: '确认登录' }).click();
      await expect.poll(() => phone.locator('#app-status').textContent()).toContain('ERR_QR_LOGIN_EXPIRED');
      await shot(phone, 'phone-expired');
    } finally {
      qrClock().clock = real;
    }
    await context.close();
  }, 60_000);

  it('refuses to complete one desktop sign-in with a code confirmed for another', async () => {
    const a = await desktop();
    const link = await readQr(a.page);
    // Desktop A goes away before the phone confirms, so only B could try to use the confirmation.
    await a.context.close();
    await scan(link);
    await phone.locator('#asking:not([hidden])').waitFor();
    await phone.getByRole('button', { name: '确认登录' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('已确认登录');
    const b = await desktop();
    const code = new URL(link).hash.slice('#qr='.length);
    const answer = await b.page.evaluate(`(async () => {
      const d = document.getElementById('qr-login').dataset;
      const res = await fetch(d.complete, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csrf: d.csrf, code: ${JSON.stringify(code)} }) });
      return { status: res.status, body: await res.json() };
    })()`);
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'ERR_QR_LOGIN_OTHER_INTERACTION' } } });
    // B's own code still works.
    expect(await state(b.page)).toContain('请使用城市App扫码');
    await shot(b.page, 'desktop-other-interaction-refused');
    await b.context.close();
  }, 60_000);

  it('reads in English with large text, and no page broke its CSP', async () => {
    const { context, page } = await desktop();
    await page.goto(`${page.url()}&lang=en&large=1`.replace(/\?tab=qr&/, '?tab=qr&'));
    await page.locator('#qr-image:not([hidden])').waitFor();
    expect(await page.getByRole('tab', { name: 'Scan QR code' }).count()).toBe(1);
    expect(await state(page)).toContain('Scan with the city app');
    await shot(page, 'desktop-english-large');
    await context.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
