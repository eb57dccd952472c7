// The holder portal in Chromium: a company signs in at /holder through yinxin's SSO (code flow
// with PKCE in the browser), sees its licence, shows it with two chosen fields and gets a link
// and a code; a third party (another browser context) opens the link and sees those fields only;
// after the holder revokes the share, and for another share after its lifetime, the link says
// so. Also in English with large text; no CSP refusal or script error anywhere. Screenshots go
// to test-artifacts/holder/.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderPortalApp } from '../../src/http/routes/holder-portal.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { residentId } from '../support/identity.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { apiToken, COMPANY_CODE, licenceWorld, PASSWORD } from './licence-world.ts';

// jsQR is CommonJS: Node hands over `module.exports`, whose `default` is the decoder.
const jsQR = jsQRModule.default;
const SHOTS = fileURLToPath(new URL('../../test-artifacts/holder/', import.meta.url));
const BUSINESS = '11100000000013338W011';
const ADDRESS = '浙江省杭州市西湖区文三路100号';

describe.skipIf(skipWithout('the holder portal in Chromium', 'chromium'))('the holder portal in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let holder: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const watch = (p: Page) => p.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });
  const thirdParty = async (url: string, name: string) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const p = await context.newPage();
    watch(p);
    await p.goto(url);
    const text = await p.locator('main').innerText();
    await shot(p, name);
    await context.close();
    return text;
  };

  /** The text of the on-screen QR code of page `p`, decoded from its pixels as a scanner would. */
  const screenQr = async (p: Page) => {
    await p.locator('#share-qr[src^="data:image/png"]').waitFor();
    // Drawn on a canvas in the page and read back as pixels (the tests' TypeScript has no DOM
    // types, hence the small structural ones).
    interface Canvas { width: number; height: number; getContext(kind: '2d'): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }
    const img = await p.locator('#share-qr').evaluate((node) => {
      const el = node as unknown as { naturalWidth: number; naturalHeight: number };
      const canvas = (globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } }).document.createElement('canvas');
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(el, 0, 0);
      return { width: canvas.width, height: canvas.height, rgba: Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data) };
    });
    return jsQR(Uint8ClampedArray.from(img.rgba), img.width, img.height)?.data ?? null;
  };

  /** Shows the licence with `fields` checked for `lifetime` seconds; returns the link and the code. */
  const createShare = async (fields: string[], lifetime: string) => {
    await page.getByRole('button', { name: '出示' }).first().click();
    for (const f of fields) await page.locator(`input[name=field][value=${f}]`).check();
    await page.getByLabel('用途').fill('银行开户');
    await page.getByLabel('有效时长').selectOption(lifetime);
    await page.getByRole('button', { name: '生成出示码' }).click();
    await page.locator('#share-url').waitFor();
    return { url: (await page.locator('#share-url').getAttribute('href'))!, code: (await page.locator('#share-code').textContent())! };
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    const c = svc.container;
    const world = await licenceWorld(c);
    await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, holderPortalApp(svc.url), { id: 'system:test', kind: 'system' });
    const staff = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const res = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json', 'idempotency-key': 'portal-licence-1' },
      body: JSON.stringify({ typeCode: BUSINESS, data: {
        creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）',
        legalRepresentative: '张三丰', registeredCapital: '人民币壹佰万元整', establishedOn: '2020-05-01',
        businessScope: '一般项目：技术服务、技术开发；软件开发。', address: ADDRESS,
      } }),
    });
    expect(res.status).toBe(201);
    browser = await launchChromium();
    holder = await browser.newContext({ locale: 'zh-CN' });
    page = await holder.newPage();
    watch(page);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('signs the company in through yinxin and lists its licence', async () => {
    await page.goto(`${svc.url}/holder`);
    expect(await page.locator('h1').textContent()).toBe('我的证照');
    await shot(page, 'signed-out');
    await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(COMPANY_CODE);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${svc.url}/holder`);
    await page.locator('#licences .licence-card').first().waitFor();
    const row = await page.locator('#licences .licence-card').first().innerText();
    expect(row).toContain('营业执照');
    expect(row).toContain('有效');
    // The code and state are gone from the address bar.
    expect(page.url()).toBe(`${svc.url}/holder`);
    await shot(page, 'licences');
  }, 60_000);

  it('creates a share whose link shows a third party the chosen fields only, until it is revoked', async () => {
    const share = await createShare(['name', 'legalRepresentative'], '3600');
    expect(share.url).toMatch(new RegExp(`^${svc.url}/v/s/[A-Za-z0-9_-]{43}$`));
    expect(share.code).toMatch(/^[0-9A-Z]{8}$/);
    await shot(page, 'share-created');

    const seen = await thirdParty(share.url, 'third-party-share');
    expect(seen).toContain('杭州某某科技有限公司');
    expect(seen).toContain('张三丰');
    expect(seen).not.toContain(ADDRESS);
    expect(seen).not.toContain('软件开发');

    await page.getByRole('button', { name: '撤销出示' }).click();
    await page.locator('#share-revoked').waitFor();
    await shot(page, 'share-revoked');
    const after = await thirdParty(share.url, 'third-party-revoked');
    expect(after).not.toContain('张三丰');
    expect(after).toMatch(/撤销|失效|过期/);
  }, 60_000);

  it('shows a QR code that renews every minute, each briefly valid, and lists who checked the share', async () => {
    const p = await holder.newPage();
    watch(p);
    await p.clock.install();
    await p.goto(`${svc.url}/holder`);
    await p.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await p.waitForURL(`${svc.url}/holder`);
    await p.locator('#licences .licence-card').first().waitFor();
    const saved = page;
    page = p;
    const share = await createShare(['name'], '300');
    page = saved;
    const first = await screenQr(p);
    expect(first).toMatch(new RegExp(`^${svc.url}/v/s/[A-Za-z0-9_-]{32}$`));
    expect(first).not.toBe(share.url);
    await shot(p, 'share-qr');

    await p.clock.runFor(61_000);
    await expect.poll(() => p.locator('#share-qr').getAttribute('data-url'), { timeout: 10_000 }).not.toBe(first);
    const second = await screenQr(p);
    expect(second).toMatch(/\/v\/s\/[A-Za-z0-9_-]{32}$/);
    expect(second).not.toBe(first);

    expect(await thirdParty(second!, 'third-party-qr')).toContain('杭州某某科技有限公司');
    const licences = svc.container.licences as { clock: Clock };
    const real = licences.clock;
    licences.clock = { now: () => new Date(real.now().getTime() + 91_000) };
    try {
      expect(await thirdParty(first!, 'third-party-stale-qr')).not.toContain('杭州某某科技有限公司');
    } finally {
      licences.clock = real;
    }

    await p.getByRole('button', { name: '刷新' }).click();
    const row = p.locator(`#share-row-${share.code}`);
    await row.locator('.share-accesses li').first().waitFor();
    expect(await row.locator('.share-accesses li').count()).toBe(1);
    expect(await row.innerText()).toContain('凭出示码或链接查验');
    expect(await row.locator('.share-state').innerText()).toBe('有效');
    // The licence's own checks (here through the share) come from the audit chain.
    await p.locator('#checks-table .check-row').first().waitFor();
    expect(await p.locator('#checks-list').innerText()).toContain('出示码或链接');
    await shot(p, 'share-history');
    await p.close();
  }, 60_000);

  it('says so when a share has outlived its lifetime', async () => {
    const share = await createShare(['name'], '300');
    const licences = svc.container.licences as { clock: Clock };
    const real = licences.clock;
    licences.clock = { now: () => new Date(real.now().getTime() + 301_000) };
    try {
      const text = await thirdParty(share.url, 'third-party-expired');
      expect(text).not.toContain('杭州某某科技有限公司');
      expect(text).toMatch(/失效|过期/);
    } finally {
      licences.clock = real;
    }
  }, 60_000);

  it('lets the legal representative act for the company and see its licences, and switch back', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const p = await context.newPage();
    watch(p);
    await p.goto(`${svc.url}/holder`);
    await p.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await p.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(residentId(41));
    await p.getByLabel('密码').fill(PASSWORD);
    await p.getByRole('button', { name: '登录' }).click();
    // A person who may act for enterprises is asked whom they act for; first as themself.
    await p.locator('#select-org').waitFor();
    await shot(p, 'representative-select-org');
    await p.locator('#select-org input[value=self]').check();
    await p.locator('#select-org button[type=submit]').click();
    await p.waitForURL(`${svc.url}/holder`);
    await expect.poll(() => p.locator('#status').textContent()).toBe('暂无证照。');
    expect(await p.locator('#acting').textContent()).toBe('当前身份：本人');

    await p.getByRole('button', { name: '切换办事身份（本人或所代表的企业）' }).click();
    await p.locator('#select-org').waitFor();
    await p.locator('#select-org label', { hasText: '杭州某某科技有限公司' }).locator('input[name=org]').check();
    await p.locator('#select-org button[type=submit]').click();
    await p.waitForURL(`${svc.url}/holder`);
    await p.locator('#licences .licence-card').first().waitFor();
    expect(await p.locator('#licences').innerText()).toContain('营业执照');
    expect(await p.locator('#acting').textContent()).toBe('当前身份：代表 杭州某某科技有限公司');
    await shot(p, 'representative-acting');
    await context.close();
  }, 60_000);

  it('reads in English with large text, and no page broke its CSP', async () => {
    await page.goto(`${svc.url}/holder?lang=en&large=1`);
    expect(await page.locator('h1').textContent()).toBe('My licences');
    expect(await page.locator('body').getAttribute('class')).toContain('large');
    await page.locator('#licences .licence-card').first().waitFor();
    expect(await page.getByRole('button', { name: 'Show' }).count()).toBeGreaterThan(0);
    await shot(page, 'english-large');
    expect(errors).toEqual([]);
  }, 60_000);
});
