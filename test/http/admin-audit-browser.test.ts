// The audit page in Chromium, through the page alone: an auditor signs in through the SSO with a
// one-time password, sees the chain and checkpoint status, searches by object with the keyboard,
// follows the next-page link, opens the sign-in events, downloads the CSV export (formula-safe,
// every match, not just a page), and verifies the whole log. The results table scrolls at
// 1280×800 and stacks at 768×1024; axe finds nothing in Chinese, English or large text. Staff
// without the audit role are refused, and every search and export is itself in the log.
// Screenshots go to test-artifacts/browser/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { axeViolations } from '../support/axe.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { skipWithout } from '../support/tools.ts';

const PASSWORD = 'audit page passphrase 7';
const system = { id: 'system:test', kind: 'system' as const };
/** Records about one licence: more than a page (50) of the page's search. */
const ABOUT_LICENCE = 64;

describe.skipIf(skipWithout('audit page in Chromium', 'chromium'))('audit page in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** What the Content-Security-Policy refused, or a script error: nothing, on every step. */
  const refused: string[] = [];

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    await c.identity.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await c.identity.accounts.addDepartment({ id: 'sjj', parentId: 'city', name: '审计局', kind: 'bureau' });
    await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AU01', departmentId: 'sjj', roles: ['auditor'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '王应用', staffNumber: 'AA01', departmentId: 'sjj', roles: ['system_admin'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '陈办事', staffNumber: 'PC01', departmentId: 'sjj', roles: ['clerk'], password: PASSWORD }, system);
    for (let i = 0; i < ABOUT_LICENCE; i++) {
      // An attacker-chosen actor id that a spreadsheet would run as a formula.
      await c.audit.append({ actor: { id: i === 0 ? '=HYPERLINK("http://evil.example")' : `s_${i % 5}`, kind: 'staff' }, action: i % 2 ? 'licence.access' : 'verification.check', object: 'lic-44030012345', outcome: 'success', details: { i } });
    }
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) refused.push(m.text()); });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await svc?.stop();
  });

  const boxesOf = async (p: Page, selector: string) => Promise.all((await p.locator(selector).all()).map(async (l) => (await l.boundingBox())!));
  const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function signIn(p: Page, login: string): Promise<void> {
    await p.goto(`${svc.url}/admin/audit`);
    await p.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(login);
    await p.getByLabel('密码').fill(PASSWORD);
    await p.getByRole('button', { name: '登录' }).click();
  }

  it('an auditor signs in with a one-time password and sees the chain status', async () => {
    await signIn(page, 'AU01');
    // The audit role alone does not make the SSO ask; the page asks for a one-time password.
    await page.waitForURL(/\/totp$/);
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('动态口令（6位）').fill(totpCode(secret));
    await page.getByLabel('动态口令（6位）').press('Enter');
    await page.waitForURL(/\/admin\/audit$/);
    expect(await page.locator('h1').textContent()).toBe('审计日志');
    const status = await page.locator('dl.status').textContent();
    expect(status).toContain('尚无检查点');
    expect(status).toMatch(/\d+ 条，全部通过/);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('searches by object with the keyboard and pages on with the next link', async () => {
    await page.locator('#q-object').focus();
    await page.keyboard.type('lic-44030012345');
    await page.keyboard.press('Enter');
    await page.waitForURL(/run=1/);
    const rows = page.locator('table.audit tbody tr');
    expect(await rows.count()).toBe(50);
    expect(await page.locator('#results-h + p').textContent()).toContain('本页 50 条');
    // Readable at 1280×800: no text column is squeezed to a few characters per line.
    const widths = (await boxesOf(page, 'table.audit tbody tr:first-child td')).map((b) => b.width);
    for (const column of [0, 2, 3, 4, 7]) expect(widths[column]).toBeGreaterThan(100);
    const headHeights = (await boxesOf(page, 'table.audit th')).map((b) => b.height);
    expect(Math.max(...headHeights)).toBeLessThan(50);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'admin-audit-search');

    await page.getByRole('link', { name: '下一页（更早的记录）' }).press('Enter');
    await page.waitForURL(/cursor=/);
    expect(await rows.count()).toBe(ABOUT_LICENCE - 50);
    expect(await page.getByRole('link', { name: '下一页（更早的记录）' }).count()).toBe(0);
    expect(await page.locator('table.audit').textContent()).toContain('=HYPERLINK');
    await page.getByRole('link', { name: '回到第一页' }).click();
    await page.waitForURL((u) => !u.search.includes('cursor='));
    expect(await rows.count()).toBe(50);
  }, 60_000);

  it('exports every match as formula-safe CSV from the export link', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}\.csv$/);
    const text = readFileSync((await download.path()) as string, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('seq,time,actorId,actorKind,action,object,outcome,clientIp,requestId,details,prevHash,hash');
    expect(lines).toHaveLength(ABOUT_LICENCE + 1);
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"")",staff,`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  }, 60_000);

  it('shows the sign-in events and verifies the whole log on request', async () => {
    await page.getByRole('link', { name: '登录事件' }).click();
    await page.waitForURL(/events=sign-in/);
    const actions = await page.locator('table.audit tbody td:nth-child(4)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith('login.') || a === 'logout')).toBe(true);
    expect(actions).toContain('login.totp');
    await shot(page, 'admin-audit-sign-ins');
    await page.getByRole('button', { name: /立即完整校验/ }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/完整校验通过：\d+ 条记录/);
  }, 60_000);

  it('stacks the results at 768×1024 and reads in English and large text', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${svc.url}/admin/audit?run=1&object=lic-44030012345`);
    // Each record is a block of its fields, one under the other.
    const boxes = await boxesOf(page, 'table.audit tbody tr:first-child td');
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height - 1);
    // Nothing wider than the screen: no sideways scrolling of the page.
    const [scrollWidth, innerWidth] = await page.evaluate('[document.documentElement.scrollWidth, innerWidth]') as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'admin-audit-768');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${svc.url}/admin/audit?run=1&object=lic-44030012345&lang=en&large=1`);
    expect(await page.locator('h1').textContent()).toBe('Audit log');
    expect(await page.locator('body').getAttribute('class')).toContain('large');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'admin-audit-large-en');
    await page.goto(`${svc.url}/admin/audit?lang=zh&large=0`);
  }, 60_000);

  it('names a bad search field and records every search and export', async () => {
    await page.goto(`${svc.url}/admin/audit?run=1&action=${encodeURIComponent('not an action')}&from=yesterday`);
    const error = await page.locator('.error').textContent();
    expect(error).toContain('action.0');
    expect(error).toContain('from');
    const records = await svc.container.auditSearch.search({ actions: ['audit.search', 'audit.export', 'audit.verify'] }, null, 100);
    const auditor = (await svc.container.identity.accounts.findByLogin('staff:AU01'))!;
    expect(records.every((r) => r.actorId === auditor.id)).toBe(true);
    expect(records.filter((r) => r.action === 'audit.export')).toHaveLength(1);
    expect(records.filter((r) => r.action === 'audit.verify')).toHaveLength(1);
    expect(records.filter((r) => r.action === 'audit.search').length).toBeGreaterThanOrEqual(6);
    expect(refused).toEqual([]);
  }, 60_000);

  it('refuses staff without the audit role, the app administrator included', async () => {
    for (const login of ['AA01', 'PC01']) {
      const other = await browser.newContext({ locale: 'zh-CN' });
      const p = await other.newPage();
      await signIn(p, login);
      if (p.url().endsWith('/totp')) {
        const secret = (await p.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
        await p.getByLabel('动态口令（6位）').fill(totpCode(secret));
        await p.getByLabel('动态口令（6位）').press('Enter');
      }
      await p.waitForURL(/\/admin\/audit$/);
      expect(await p.locator('.error').textContent()).toContain('您没有查看审计日志的权限');
      const res = await p.request.get(`${svc.url}/admin/audit/export?format=csv`);
      expect(res.status()).toBe(403);
      await other.close();
    }
    const denied = await svc.container.auditSearch.search({ actions: ['admin.access'], object: 'audit' }, null, 10);
    expect(denied.map((r) => JSON.parse(r.details).reason)).toContain('not_a_auditor');
  }, 90_000);
});
