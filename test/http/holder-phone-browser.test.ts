// The holder portal (我的证照) on a phone, in Chromium: at 390×844 and at 360 px the page does not
// scroll sideways, each licence is a card whose 出示 button is in the first screen, the identifier
// is shown in full and wraps at its dots only, and the licence PDF and OFD download from the card under a
// name that says what it is; 出示 opens the share panel in view. axe-core finds no accessibility
// violation on the list or on the share panel. Screenshots at 390×844 and
// 1280×800 go to test-artifacts/browser/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderPortalApp } from '../../src/http/routes/holder-portal.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, licenceWorld, PASSWORD } from './licence-world.ts';

const BUSINESS = '11100000000013338W011';
const require = createRequire(import.meta.url);

interface AxeResult { violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }

/** axe-core's violations on `page`, rule id and the elements concerned, after injecting it. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate('axe.run()') as AxeResult;
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** Whether the page scrolls sideways: the document's width against the viewport's. */
const sideways = (page: Page) => page.evaluate('[document.documentElement.scrollWidth, innerWidth]') as Promise<[number, number]>;

describe.skipIf(skipWithout('the holder portal on a phone', 'chromium'))('the holder portal on a phone', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let identifier: string;
  const errors: string[] = [];

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const world = await licenceWorld(c);
    await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, holderPortalApp(svc.url), { id: 'system:test', kind: 'system' });
    const staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const res = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json', 'idempotency-key': 'phone-licence-1' },
      body: JSON.stringify({ typeCode: BUSINESS, data: {
        creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
        legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
        businessScope: '一般项目：技术服务、技术开发；软件开发。', address: '浙江省杭州市西湖区文三路100号',
      } }),
    });
    expect(res.status).toBe(201);
    identifier = ((await res.json()) as { licence: { identifier: string } }).licence.identifier;
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('shows each licence as a card with 出示 in the first screen and no sideways scrolling at 390×844', async () => {
    await page.goto(`${svc.url}/holder`);
    await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(COMPANY_CODE);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${svc.url}/holder`);
    const card = page.locator('#licences .licence-card').first();
    await card.waitFor();
    expect(await card.locator('h2').innerText()).toBe('营业执照');

    const [scrollWidth, innerWidth] = await sideways(page);
    expect(innerWidth).toBe(390);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const show = await card.getByRole('button', { name: '出示' }).boundingBox();
    expect(show).not.toBeNull();
    expect(show!.x).toBeGreaterThanOrEqual(0);
    expect(show!.x + show!.width).toBeLessThanOrEqual(390);
    expect(show!.y + show!.height).toBeLessThanOrEqual(844);

    // The identifier in full, breakable after each dot and nowhere else it need not be: a few lines.
    const id = card.locator('.licence-id');
    expect(await id.textContent()).toBe(identifier);
    expect(identifier).toContain('.');
    expect(await id.locator('wbr').count()).toBe(identifier.split('.').length - 1);
    const lines = await id.evaluate((e) => {
      const s = (globalThis as unknown as { getComputedStyle(n: unknown): { lineHeight: string } }).getComputedStyle(e);
      return Math.round((e as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height / Number.parseFloat(s.lineHeight));
    });
    expect(lines).toBeLessThanOrEqual(identifier.split('.').length);
    expect(lines).toBeLessThanOrEqual(4);
    await page.screenshot({ path: join(ARTIFACTS, 'holder-390x844.png') });
  }, 60_000);

  it('shows the licence face, the picture of the licence with its seal, in the card below its actions', async () => {
    const card = page.locator('#licences .licence-card').first();
    const face = card.locator('.licence-face img');
    await face.waitFor({ state: 'visible' });
    await expect.poll(() => face.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await face.getAttribute('alt')).toBe(`证照照面 营业执照 ${identifier}`);
    const [faceBox, cardBox, showBox] = await Promise.all([face.boundingBox(), card.boundingBox(), card.getByRole('button', { name: '出示' }).boundingBox()]);
    expect(faceBox!.x + faceBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
    expect(faceBox!.y).toBeGreaterThan(showBox!.y);
    // A landscape A4 page's proportions (the business licence): the whole face, not a crop.
    expect(faceBox!.height / faceBox!.width).toBeCloseTo(210 / 297, 1);
    await page.screenshot({ path: join(ARTIFACTS, 'holder-390x844-face.png'), fullPage: true });
  }, 60_000);

  it('does not scroll sideways at 360 px, in normal or large text', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    let [scrollWidth, innerWidth] = await sideways(page);
    expect(innerWidth).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.goto(`${svc.url}/holder?large=1`);
    await page.locator('#licences .licence-card').first().waitFor();
    [scrollWidth, innerWidth] = await sideways(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'holder-360-large.png'), fullPage: true });
    await page.goto(`${svc.url}/holder?large=0`);
    await page.locator('#licences .licence-card').first().waitFor();
  }, 60_000);

  it('downloads the licence PDF and OFD from its card', async () => {
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#licences .licence-card').first().getByRole('button', { name: '下载PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`营业执照-${identifier}.pdf`);
    expect(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A second download from one page view may wait for the person's permission in Chromium
    // (several automatic downloads): the OFD is fetched from the page afresh, as a person would.
    await page.reload();
    await page.locator('#licences .licence-card').first().waitFor();
    const [ofd] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#licences .licence-card').first().getByRole('button', { name: '下载OFD' }).click(),
    ]);
    expect(ofd.suggestedFilename()).toBe(`营业执照-${identifier}.ofd`);
    expect(readFileSync(await ofd.path()).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  }, 60_000);

  it('has no accessibility violations axe-core can find, and reads at 1280×800 too', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    const [scrollWidth, innerWidth] = await sideways(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'holder-1280x800.png') });
  }, 60_000);

  it('opens the share panel in view on a phone, and its result fits the screen too', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('scrollTo(0, 0)');
    await page.locator('#licences .licence-card').first().getByRole('button', { name: '出示' }).click();
    const heading = page.locator('#share-heading');
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((e) => (e as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top)).toBeLessThan(844);
    expect(await heading.evaluate((e) => (e as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === e)).toBe(true);
    await page.locator('input[name=field][value=name]').check();
    await page.getByLabel('用途').fill('银行开户');
    await page.getByRole('button', { name: '生成出示码' }).click();
    await page.locator('#share-qr[src^="data:image/png"]').waitFor();
    await page.locator('#history-table').waitFor();
    const [scrollWidth, innerWidth] = await sideways(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'holder-390x844-share.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
