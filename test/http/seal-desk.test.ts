// The seal desk (/desk/seals): the page is served CSP-clean in Chinese and English; its preview
// and who-am-I endpoints take the seals token; and in Chromium a plain clerk signs in, previews
// the page with the seal placed by a click, is sent to step up (one-time password, enrolled the
// first time) when stamping, confirms again and downloads a stamped PDF that verifies, then an
// OFD file placed the same way. An approver approves a seal another person applied for from the
// same page. Screenshots go to test-artifacts/seal-desk/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealDeskApp } from '../../src/http/routes/seal-desk.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { makeOfd } from '../ofd/ofd-fixtures.ts';
import { makePdf } from '../pdf/fixtures.ts';
import { launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { fixtureUrl } from '../support/make-hostile-fixtures.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { PASSWORD, sealDesk } from './seals-kit.ts';
import type { SealDesk } from './seals-kit.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/seal-desk/', import.meta.url));

describe('the seal desk', () => {
  let svc: OidcTestService;
  let desk: SealDesk;
  let sealId: string;
  const tokens: Record<string, string> = {};

  const api = (path: string, token: string | null, init: { body?: unknown; pdf?: Uint8Array } = {}) => fetch(`${svc.url}${path}`, {
    method: init.body || init.pdf ? 'POST' : 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': init.pdf ? 'application/pdf' : 'application/json' },
    body: init.pdf ?? (init.body ? JSON.stringify(init.body) : undefined),
  });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    desk = await sealDesk(svc);
    const c = svc.container;
    await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, sealDeskApp(svc.url), { id: 'system:test', kind: 'system' });
    for (const login of ['K001', 'P001', 'C002']) tokens[login] = await desk.signIn(login);
    const applied = await api('/api/seals', tokens.K001!, { body: { kind: 'contract', owner: { kind: 'department', id: 'amr' } } });
    sealId = ((await applied.json()) as { seal: { id: string } }).seal.id;
    expect((await api(`/api/seals/${sealId}/approve`, tokens.P001!, { body: { reason: '材料齐全' } })).status).toBe(200);
    expect((await api(`/api/seals/${sealId}/grants`, tokens.K001!, { body: { accountId: desk.ids.C002 } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('serves the page with no inline script or style, in Chinese by default and in English with large text', async () => {
    const zh = await fetch(`${svc.url}/desk/seals`);
    const html = await zh.text();
    expect(zh.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(html).toContain('<h1>用章工作台</h1>');
    expect(html).not.toMatch(/<script>|<style>| style="|onclick=/);
    expect(html).toContain('<script src="/static/seal-desk.js"></script>');
    for (const id of ['stamp-file', 'stamp-seal', 'stamp-page', 'stamp-x', 'stamp-y', 'stamp-keyword', 'stamp-reason', 'apply-kind']) {
      expect(html).toMatch(new RegExp(`<label for="${id}">[^<]+</label>`));
    }
    // Every kind can be applied for, the licence seal included.
    expect(html).toContain('<option value="licence">证照专用章</option>');
    expect([...html.matchAll(/<option value="(\w+)">/g)].map((m) => m[1])).toEqual(['official', 'contract', 'finance', 'licence', 'legal_representative']);
    const en = await (await fetch(`${svc.url}/desk/seals?lang=en&large=1`)).text();
    expect(en).toContain('<h1>Seal desk</h1>');
    expect(en).toContain('<option value="licence">Licence seal</option>');
    expect(en).toContain('<body class="large">');
    expect((await fetch(`${svc.url}/static/seal-desk.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('previews a page (size and text runs) for a seals token only; bad input gets a code', async () => {
    const pdf = await makePdf(2, { text: 'SIGN HERE Contract' });
    const none = await api('/desk/seals/preview?page=1', null, { pdf });
    expect(none.status).toBe(401);
    const res = await api('/desk/seals/preview?page=2', tokens.C002!, { pdf });
    expect(res.status).toBe(200);
    const p = (await res.json()) as { page: number; pageCount: number; mediaBox: number[]; text: { text: string; x: number; y: number; size: number }[] };
    expect(p).toMatchObject({ page: 2, pageCount: 2, mediaBox: [0, 0, 595, 842] });
    expect(p.text.map((r) => r.text).join(' ')).toContain('page 2');
    expect(p.text[0]).toMatchObject({ x: 50, y: 780 });
    const far = await api('/desk/seals/preview?page=3', tokens.C002!, { pdf });
    expect([far.status, ((await far.json()) as { error: { code: string } }).error.code]).toEqual([422, 'ERR_PLACEMENT_INVALID']);
    const junk = await api('/desk/seals/preview?page=1', tokens.C002!, { pdf: Buffer.from('not a pdf') });
    expect([junk.status, ((await junk.json()) as { error: { code: string } }).error.code]).toEqual([422, 'ERR_DOCUMENT_INVALID']);
    // The crafted kinds that a page preview reads: the page's content, the cross-reference data.
    for (const kind of ['page-contents', 'xref-sections', 'object-count'] as const) {
      const bomb = await api('/desk/seals/preview?page=1', tokens.C002!, { pdf: readFileSync(fixtureUrl(kind)) });
      expect([kind, bomb.status, ((await bomb.json()) as { error: { code: string } }).error.code]).toEqual([kind, 422, 'ERR_DOCUMENT_TOO_COMPLEX']);
    }
    const me = (await (await api('/desk/seals/me', tokens.C002!)).json()) as { departmentId: string; roles: string[] };
    expect(me).toMatchObject({ departmentId: 'amr', roles: ['clerk'] });
  });

  describe.skipIf(skipWithout('the seal desk in Chromium', 'chromium'))('in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];
    const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

    beforeAll(async () => {
      browser = await launchChromium();
      const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1000, height: 1400 } });
      page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security/.test(m.text())) errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
    }, 60_000);
    afterAll(async () => browser?.close());

    it('a plain clerk previews, places the seal by a click, steps up with a one-time password and downloads the stamped PDF', async () => {
      await page.goto(`${svc.url}/desk/seals`);
      await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
      await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill('C002');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${svc.url}/desk/seals`);
      await page.locator(`#seal-${sealId}`).waitFor();
      expect(await page.locator(`#seal-${sealId}`).innerText()).toContain('已授权');

      const pdf = await makePdf(1);
      await page.setInputFiles('#stamp-file', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.getByLabel('用章事由').fill('合同签订');
      await page.getByRole('button', { name: '预览' }).click();
      const box = page.locator('#preview .page');
      await box.waitFor();
      await page.locator('#preview .seal-mark[src^="data:image/png"]').waitFor();
      // A click at a quarter of the width and a quarter of the height from the bottom.
      const b = (await box.boundingBox())!;
      await box.click({ position: { x: b.width / 4, y: (b.height * 3) / 4 } });
      expect(Number(await page.locator('#stamp-x').inputValue())).toBeCloseTo(595 / 4, -1);
      expect(Number(await page.locator('#stamp-y').inputValue())).toBeCloseTo(842 / 4, -1);
      // The keyboard moves it too.
      await box.focus();
      await page.keyboard.press('ArrowRight');
      expect(Number(await page.locator('#stamp-x').inputValue())).toBeCloseTo(595 / 4 + 10, -1);
      await shot('preview');

      // The password-only session is too weak: the desk sends the clerk to step up.
      await page.getByRole('button', { name: '确认盖章' }).click();
      await page.getByLabel('密码').waitFor();
      // The desk asked for the published step-up value the seal API named.
      await page.getByText('需要一次性密码（动态口令）验证').waitFor();
      await shot('step-up-login');
      await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill('C002');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
      await shot('step-up-enrol');
      await page.getByLabel('动态口令（6位）').fill(totpCode(secret));
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${svc.url}/desk/seals`);
      await page.getByText('身份已验证。请再次确认盖章。').waitFor();
      expect(await page.locator('#stamp-reason').inputValue()).toBe('合同签订');
      expect(Number(await page.locator('#stamp-x').inputValue())).toBeCloseTo(595 / 4 + 10, -1);
      await page.locator('#preview .seal-mark[src^="data:image/png"]').waitFor();
      expect(await page.locator('#stamp-file').evaluate((i) => (i as unknown as { files: { name: string }[] }).files[0]?.name)).toBe('contract.pdf');

      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: '确认盖章' }).click();
      await page.locator('#stamped-link').waitFor();
      await shot('stamped');
      await page.locator('#stamped-link').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('contract-sealed.pdf');
      const sealed = readFileSync((await download.path())!);
      expect(sealed.subarray(0, pdf.length).equals(pdf)).toBe(true);
      const report = await svc.container.seals.verifyPdf(sealed);
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(errors).toEqual([]);
    }, 120_000);

    it('the same clerk stamps an OFD file: previewed in points, placed by a click, stamped in mm, downloaded as OFD', async () => {
      const ofd = makeOfd(2, { keyword: { page: 1, text: '甲方（盖章处）', x: 120, baseline: 230 } });
      await page.setInputFiles('#stamp-file', { name: 'contract.ofd', mimeType: 'application/ofd', buffer: Buffer.from(ofd) });
      await page.getByRole('button', { name: '预览' }).click();
      const box = page.locator('#preview .page');
      await page.locator('#preview .page span', { hasText: '甲方（盖章处）' }).waitFor();
      const b = (await box.boundingBox())!;
      await box.click({ position: { x: b.width / 2, y: b.height / 4 } });
      expect(Number(await page.locator('#stamp-y').inputValue())).toBeCloseTo((842 * 3) / 4, -1);
      await shot('preview-ofd');
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: '确认盖章' }).click();
      // The previous test's link to the stamped PDF is still on the page until this stamp replaces it.
      await page.locator('#stamped-link[download$=".ofd"]').waitFor();
      await page.locator('#stamped-link').click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('contract-sealed.ofd');
      const sealed = readFileSync((await download.path())!);
      const report = await svc.container.seals.verifyOfd(sealed);
      expect(report.indication).toBe('TOTAL_PASSED');
      // The click a quarter from the top is 297 / 4 mm from the top edge, at the page's middle.
      const xml = Buffer.from(openZip(sealed).read('Doc_0/Signs/Sign_0/Signature.xml')!).toString('utf8');
      const [x, y, w, h] = /Boundary="([^"]+)"/.exec(xml)![1]!.split(' ').map(Number);
      expect(x! + w! / 2).toBeCloseTo(105, -1);
      expect(y! + h! / 2).toBeCloseTo(297 / 4, -1);
      expect(errors).toEqual([]);
    }, 120_000);

    it('a seal keeper applies from the desk; an approver approves it there, in English with large text', async () => {
      const keeperContext = await browser.newContext({ locale: 'zh-CN' });
      const k = await keeperContext.newPage();
      k.on('pageerror', (e) => errors.push(e.message));
      await k.goto(`${svc.url}/desk/seals`);
      await k.getByRole('button', { name: '使用统一身份认证登录' }).click();
      await k.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill('K001');
      await k.getByLabel('密码').fill(PASSWORD);
      await k.getByRole('button', { name: '登录' }).click();
      await k.waitForURL(`${svc.url}/desk/seals`);
      await k.locator('#seals tbody tr').first().waitFor();
      await k.getByLabel('印章类型').selectOption('finance');
      await k.getByLabel('有效期（年）').fill('3');
      await k.getByRole('button', { name: '提交申请' }).click();
      await k.getByText('申请已提交，等待另一位审批人审批。').waitFor();
      expect(await k.locator('#seals tbody').innerText()).toContain('待审批');
      await k.screenshot({ path: join(SHOTS, 'applied.png'), fullPage: true });
      await keeperContext.close();
      const listed = (await (await api('/api/seals', tokens.K001!)).json()) as { seals: { id: string; kind: string; status: string; applicantId: string; validityYears: number }[] };
      const mine = listed.seals.filter((s) => s.kind === 'finance' && s.status === 'pending');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ applicantId: desk.ids.K001, validityYears: 3 });
      const pending = mine[0]!.id;

      const context = await browser.newContext({ locale: 'en-GB' });
      const p = await context.newPage();
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(`${svc.url}/desk/seals?lang=en&large=1`);
      await p.getByRole('button', { name: 'Sign in with the city identity service' }).click();
      await p.locator('input[name=login]').fill('P001');
      await p.locator('input[name=password]').fill(PASSWORD);
      await p.locator('form[action$="/login"] button[type=submit]').click();
      await p.waitForURL(`${svc.url}/desk/seals`);
      const row = p.locator(`#seal-${pending}`);
      await row.waitFor();
      await row.getByPlaceholder('Approval note').fill('Complete');
      await row.getByRole('button', { name: 'Approve' }).click();
      await p.getByText('Approved.').waitFor();
      // Approved, the seal is no longer awaiting this approver (another organisation's): it leaves the list.
      await row.waitFor({ state: 'detached' });
      const seal = (await (await api(`/api/seals/${pending}`, tokens.K001!)).json()) as { seal: { status: string; approverId: string } };
      expect(seal.seal).toMatchObject({ status: 'active', approverId: desk.ids.P001 });
      await p.screenshot({ path: join(SHOTS, 'approved-en-large.png'), fullPage: true });
      await context.close();
      expect(errors).toEqual([]);
    }, 60_000);
  });
});
