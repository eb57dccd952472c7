// The counter flow (窗口扫码用证) in Chromium with two browser contexts: the service window's
// page (its own system, test/support/counter-window.ts, calling yinxin with its client
// credentials) shows a request code as a QR code; a phone (390×844) signed in to the page that
// plays the city app (/app/scan) reads it, sees which system asks, for which service and which
// licence fields, and gives them; the window page then shows the licences it received, only the
// item's types and fields. A refusal on the phone, axe on the new screens, no CSP refusal or script
// error. Screenshots go to test-artifacts/licence-use-counter/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { qrOnScreen } from '../support/qr-on-screen.ts';
import { startCounterWindow } from '../support/counter-window.ts';
import { BASIS, ITEM, licenceUseWorld, PASSWORD, systemToken } from '../support/licence-use-world.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { skipWithout } from '../support/tools.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/licence-use-counter/', import.meta.url));

describe.skipIf(skipWithout('licence use at the counter in Chromium', 'chromium'))('licence use at the counter in Chromium', () => {
  let svc: OidcTestService;
  let w: Awaited<ReturnType<typeof licenceUseWorld>>;
  let counter: Awaited<ReturnType<typeof startCounterWindow>>;
  let browser: Browser;
  let windowContext: BrowserContext;
  let phoneContext: BrowserContext;
  let desk: Page;
  let phone: Page;
  const errors: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const watch = (p: Page) => {
    p.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });
    p.on('pageerror', (e) => errors.push(String(e)));
  };
  const clean = async (p: Page) => expect(await axeViolations(p)).toEqual([]);

  /** What the phone camera reads off the window's screen. */
  const readQr = (page: Page) => qrOnScreen(page, 'qr');

  async function scan(link: string): Promise<void> {
    await phone.locator('#qr-code').fill(link);
    await phone.getByRole('button', { name: '扫码', exact: true }).click();
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    w = await licenceUseWorld(svc.container, svc.url);
    counter = await startCounterWindow({ yinxin: svc.url, item: { code: ITEM, name: '失业登记' }, windowName: '人社服务窗口', token: () => systemToken(svc.url, w.window) });
    browser = await launchChromium();
    windowContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    phoneContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    desk = await windowContext.newPage();
    phone = await phoneContext.newPage();
    watch(desk);
    watch(phone);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await counter?.close();
    await svc?.stop();
  });

  it('the holder signs in to the city app on the phone', async () => {
    await phone.goto(`${svc.url}/app/scan`);
    await phone.getByRole('button', { name: '登录城市App' }).click();
    await phone.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(w.holder.idNumber);
    await phone.getByLabel('密码').fill(PASSWORD);
    await phone.getByRole('button', { name: '登录' }).click();
    await phone.locator('#qr-code').waitFor();
    expect(phone.url()).toBe(`${svc.url}/app/scan`);
  }, 60_000);

  it('the window shows a request code, the holder scans and gives the licences, and the window receives them', async () => {
    await desk.goto(`${counter.url}/counter`);
    await desk.locator('#qr').waitFor();
    expect(await desk.locator('#state').textContent()).toContain('请办事人打开城市App扫描二维码');
    await shot(desk, 'window-request-code');
    await clean(desk);
    const link = await readQr(desk);
    expect(link).toMatch(new RegExp(`^${svc.url}/app/scan#use=lu_[A-Za-z0-9_-]{43}$`));

    await scan(link);
    await phone.locator('#use-asking:not([hidden])').waitFor();
    expect(await phone.locator('#use-app').textContent()).toBe('人社服务窗口');
    expect(await phone.locator('#use-item').textContent()).toBe(`失业登记（${ITEM}）`);
    expect(await phone.locator('#use-basis').textContent()).toBe(BASIS);
    expect(await phone.locator('#use-mode').textContent()).toContain('仅本次办理');
    const asked = await phone.locator('#use-licences').textContent();
    expect(asked).toContain('无犯罪记录证明');
    expect(asked).toContain('姓名');
    expect(asked).not.toContain('特种作业操作证');
    expect(await phone.getByRole('radio', { name: '本人（李四）' }).isChecked()).toBe(true);
    await shot(phone, 'phone-asking');
    await clean(phone);
    await expect.poll(() => desk.locator('#state').textContent(), { timeout: 10_000 }).toContain('已扫码');
    await shot(desk, 'window-scanned');

    await phone.getByRole('button', { name: '同意提供' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('已同意');
    await shot(phone, 'phone-given');

    await desk.waitForURL(/\/counter\/lur_[A-Za-z0-9_-]{22}\/result$/, { timeout: 15_000 });
    await desk.getByRole('table').waitFor();
    const rows = desk.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const table = await desk.locator('table').textContent();
    for (const id of w.holderLicences.slice(0, 2)) expect(table).toContain(id);
    expect(table).not.toContain(w.holderLicences[2]);
    expect(table).toContain('无犯罪记录证明');
    expect(table).toContain('李四');
    expect(table).not.toContain(w.holder.idNumber);
    expect(table).not.toContain('gender');
    await shot(desk, 'window-licences-received');
    await clean(desk);

    // The code is spent: scanning it again is refused on the phone.
    await scan(link);
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('ERR_LICENCE_USE_REQUEST_USED');
    await shot(phone, 'phone-replay-refused');
  }, 90_000);

  it('tells the window when the holder refuses', async () => {
    await desk.goto(`${counter.url}/counter`);
    await desk.locator('#qr').waitFor();
    await scan(await readQr(desk));
    await phone.locator('#use-asking:not([hidden])').waitFor();
    await phone.getByRole('button', { name: '拒绝' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('已拒绝本次用证请求');
    await expect.poll(() => desk.locator('#state').textContent(), { timeout: 10_000 }).toContain('办事人拒绝提供证照');
    expect(await desk.locator('#qr').isHidden()).toBe(true);
    await shot(desk, 'window-refused');
  }, 60_000);

  it('reads in English with large text on the phone, and no page broke its CSP', async () => {
    await phone.goto(`${svc.url}/app/scan?lang=en&large=1`);
    await phone.locator('#qr-code').waitFor();
    expect(await phone.locator('#scan-hint').textContent()).toBe('Scan the QR code on a computer\'s sign-in page to sign in there, or the QR code a service window shows you to give it your licences. Nothing is signed in or given until you confirm.');
    await desk.goto(`${counter.url}/counter`);
    await desk.locator('#qr').waitFor();
    await phone.locator('#qr-code').fill(await readQr(desk));
    await phone.getByRole('button', { name: 'Scan', exact: true }).click();
    await phone.locator('#use-asking:not([hidden])').waitFor();
    expect(await phone.locator('#use-title').textContent()).toBe('A service window asks to use your licences');
    expect(await phone.getByRole('radio', { name: 'Myself (李四)' }).isChecked()).toBe(true);
    await shot(phone, 'phone-asking-english-large');
    await clean(phone);
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    // The narrowest phones in use are 360 px wide.
    await phone.setViewportSize({ width: 360, height: 740 });
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.getByRole('button', { name: 'Refuse' }).click();
    await expect.poll(() => phone.locator('#app-status').textContent()).toContain('You refused this request.');
    expect(errors).toEqual([]);
  }, 60_000);
});
