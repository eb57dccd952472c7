// The app administration page (/admin/apps): CSP-clean, Chinese and English, and in Chromium it
// lists apps and registers one through the admin API with an administrator's token, showing the
// client secret once.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'admin page password 1';
const noChromium = skipWithout('the app administration page in Chromium', 'chromium');

describe('app administration page', () => {
  let svc: OidcTestService;
  let token: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    svc = await startOidcService();
    const { consoleId } = await adminFixture(svc.container, PASSWORD);
    const signIn = await signInToConsole(svc.url, consoleId, 'A001', PASSWORD, (secret) => totpCode(secret as string));
    token = signIn.tokens.access_token;
    if (!noChromium) browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('serves a page without inline script or style in Chinese and English, registered as a first-party app', async () => {
    const zh = await fetch(`${svc.url}/admin/apps`);
    const html = await zh.text();
    expect(zh.status).toBe(200);
    expect(html).toContain('应用管理');
    expect(html).toContain('<script src="/static/admin-apps.js"></script>');
    expect(html).toContain('<script src="/static/portal-sign-in.js"></script>');
    expect(html.replace('<script src="/static/admin-apps.js"></script>', '').replace('<script src="/static/portal-sign-in.js"></script>', '')).not.toMatch(/<script|style=/);
    expect(await (await fetch(`${svc.url}/admin/apps?lang=en`)).text()).toContain('Register an app');
    expect(html).toMatch(/<select id="app-type" name="applicationType"><option value="web">[^<]*https[^<]*<\/option><option value="native">/);
    expect(await (await fetch(`${svc.url}/static/admin-apps.js`)).text()).toContain("applicationType: f.get('applicationType')");
    // The refresh-token policy: a labelled choice, explained in one line.
    expect(html).toMatch(/<label for="app-refresh">[^<]+<\/label>\s*<select id="app-refresh" name="refreshPolicy" aria-describedby="app-refresh-hint"><option value="offline_access">[^<]*offline_access[^<]*<\/option><option value="always">/);
    expect(html).toMatch(/<p id="app-refresh-hint"[^>]*>[^<]*offline_access[^<]*<\/p>/);
    expect(await (await fetch(`${svc.url}/admin/apps?lang=en`)).text()).toContain('Only when the app asks for offline_access');
    expect((await fetch(`${svc.url}/static/admin-apps.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await svc.container.apps.find('yinxin-admin-console')).toMatchObject({ status: 'active', metadata: { app_kind: 'first_party', redirect_uris: [`${svc.url}/admin/apps`] } });
  });

  it.skipIf(noChromium)('lists and registers apps in Chromium, showing the secret once', async () => {
    const context = await (browser as Browser).newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await page.goto(`${svc.url}/admin/apps`);
    await expect.poll(() => page.locator('#sign-in').isVisible()).toBe(true);
    // Signed in as the administrator: the token the console sign-in gave.
    await page.evaluate((t) => sessionStorage.setItem('yinxin.admin-apps', JSON.stringify({ token: t, until: Date.now() + 300_000 })), token);
    await page.reload();
    await expect.poll(() => page.locator('#apps tbody tr').count()).toBeGreaterThan(0);
    await page.getByLabel('名称').fill('医保服务');
    await page.getByLabel('回调地址（每行一个）').fill('https://yb.example.gov.cn/cb');
    await page.getByLabel('ID令牌签名').selectOption('RS256');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect.poll(() => page.locator('#created-secret').textContent()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const clientId = await page.locator('#created-client-id').textContent();
    await expect.poll(() => page.locator('#apps tbody').textContent()).toContain('医保服务');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-apps.png'), fullPage: true });
    expect(await svc.container.apps.find(clientId as string)).toMatchObject({ metadata: { client_name: '医保服务', id_token_signed_response_alg: 'RS256', subject_type: 'pairwise' } });
    // A refused redirect URI: the page names the field.
    await page.getByLabel('名称').fill('脚本');
    await page.getByLabel('回调地址（每行一个）').fill('javascript:alert(1)');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect.poll(() => page.locator('#status').textContent()).toContain('redirectUris.0');
    // A native app on a loopback port.
    await page.getByLabel('应用形态').selectOption('native');
    await page.getByLabel('回调地址（每行一个）').fill('http://127.0.0.1:47011/cb');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect.poll(() => page.locator('#apps tbody').textContent()).toContain('脚本');
    const native = (await svc.container.apps.list()).find((a) => a.metadata.client_name === '脚本');
    expect(native?.metadata).toMatchObject({ application_type: 'native', redirect_uris: ['http://127.0.0.1:47011/cb'] });
    expect(native?.metadata).toMatchObject({ refresh_policy: 'offline_access' });
    // Refresh tokens at every sign-in: stored with the registration and shown in the list.
    await page.getByLabel('名称').fill('社保查询');
    await page.getByLabel('应用形态').selectOption('web');
    await page.getByLabel('回调地址（每行一个）').fill('https://sb.example.gov.cn/cb');
    await page.getByLabel('refresh_token').check();
    await page.getByLabel('刷新令牌发放').selectOption('always');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect.poll(() => page.locator('#apps tbody').textContent()).toContain('社保查询');
    const always = (await svc.container.apps.list()).find((a) => a.metadata.client_name === '社保查询');
    expect(always?.metadata).toMatchObject({ refresh_policy: 'always', grant_types: expect.arrayContaining(['authorization_code', 'refresh_token']) });
    const row = page.locator('#apps tbody tr', { hasText: '社保查询' });
    await expect.poll(() => row.locator('td').last().textContent()).toBe('每次登录');
    await expect.poll(() => page.locator('#apps tbody tr', { hasText: '医保服务' }).locator('td').last().textContent()).toBe('仅在应用请求 offline_access 时');
    expect(errors).toEqual([]);
  }, 60_000);
});
