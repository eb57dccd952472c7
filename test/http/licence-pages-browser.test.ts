// The licence desk (/desk/licences) and the staff CSV upload in Chromium, through the pages alone,
// on SQLite: a licence issuer signs in, issues a licence from its template's form (a field's error
// shown beside it first), uploads a CSV file with one bad line (the progress reaches done and the
// bad line's error is shown), suspends with a reason, resumes, sees who verified the licence (one
// public verification first) and its versions (one change through the API first), revokes; a
// clerk is refused. Then a licence is changed through its change form (a field's error first; a
// second post of the same form changes nothing more), renewed through its renewal form (with one field changed) and withdrawn. A system administrator uploads a staff CSV with one bad line on the staff
// page. axe on every page at 1280×800 and 768×1024; screenshots in test-artifacts/licence-pages/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture, totpCode } from '../support/staff-admin.ts';
import { apiToken, COMPANY_CODE, ISSUER, licenceWorld, PASSWORD } from './licence-world.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/licence-pages/', import.meta.url));
const BUSINESS = '11100000000013338W011';
const OTHER_COMPANY = '91330106MA2B000022';
/** Waits for what a form post's page shows (generous: the test machine is shared). */
const slow = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const LOGIN = '手机号 / 身份证号 / 统一社会信用代码 / 工号';

describe.skipIf(skipWithout('the licence desk in Chromium', 'chromium'))('licence desk and staff import pages in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof licenceWorld>>;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    world = await licenceWorld(c);
    await c.identity.accounts.addDepartment({ id: 'dsj', parentId: 'city', name: '大数据局', kind: 'bureau' });
    await adminFixture(c, PASSWORD);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  /** axe finds nothing and a screenshot is taken, at 1280×800 and at 768×1024. */
  async function checkPage(page: Page, name: string): Promise<void> {
    for (const [w, h] of [[1280, 800], [768, 1024]] as const) {
      await page.setViewportSize({ width: w, height: h });
      expect(await axeViolations(page), `${name} at ${w}px`).toEqual([]);
      // Nothing runs off the side of the page: wide tables scroll inside their region.
      const wide = await page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll')).map((e) => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)`);
      expect(wide, `${name} at ${w}px fits`).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${name}-${w}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function signInByPassword(page: Page, path: string, login: string): Promise<void> {
    await page.goto(`${svc.url}${path}`);
    await page.getByLabel(LOGIN).fill(login);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('a licence issuer issues, imports, suspends, resumes and revokes, and sees versions and verifications', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) refused.push(m.text()); });
    await signInByPassword(page, '/desk/licences', 'L001');
    await page.waitForURL((u) => u.pathname === '/desk/licences');
    expect(await page.locator('h1').textContent()).toBe('证照签发工作台');
    await checkPage(page, 'list-empty');

    // Issue from the template's form: a bad credit code is named beside its field, nothing issued.
    await page.getByRole('link', { name: '签发证照' }).click();
    await page.locator('#type').selectOption(BUSINESS);
    await page.getByRole('button', { name: '填写' }).click();
    await page.waitForURL(/\/desk\/licences\/new\?type=/);
    await checkPage(page, 'issue-form');
    await page.locator('#f-creditCode').fill('91330100MA2A00001X');
    await page.locator('#f-name').fill('杭州某某科技有限公司');
    await page.locator('#f-entityType').selectOption('有限责任公司（自然人投资或控股）');
    await page.locator('#f-legalRepresentative').fill('张三丰');
    await page.locator('#f-registeredCapital').fill('人民币壹佰万元整');
    await page.locator('#f-establishedOn').fill('2020-05-01');
    await page.locator('#f-businessScope').fill('一般项目：技术服务、技术开发、技术咨询；软件开发。');
    await page.locator('#f-address').fill('浙江省杭州市西湖区文三路100号');
    await page.getByRole('button', { name: '签发', exact: true }).click();
    await slow(() => page.locator('#f-creditCode-error').textContent()).toBe('校验位不正确，请核对号码。');
    expect(await page.locator('#f-creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-name').inputValue()).toBe('杭州某某科技有限公司');
    expect((await svc.container.licences.store.listByIssuer(ISSUER.code, { limit: 10, offset: 0 })).total).toBe(0);
    await checkPage(page, 'issue-field-error');
    await page.locator('#f-creditCode').fill(COMPANY_CODE);
    await page.getByRole('button', { name: '签发', exact: true }).click();
    await page.waitForURL(/\/desk\/licences\/lic_[A-Za-z0-9_-]{22}\?issued=1$/, { timeout: 30_000 });
    const licenceUrl = page.url().split('?')[0] as string;
    const identifier = (await page.locator('#licence-identifier').textContent()) as string;
    expect(await page.locator('.notice').textContent()).toContain(identifier);
    expect(await page.locator('#licence-status').textContent()).toBe('有效');

    // Verified once by the public; the page shows who verified it.
    const verified = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier }) });
    expect(verified.status).toBe(200);
    await page.goto(licenceUrl);
    await slow(() => page.locator('#checks tbody tr').count()).toBe(1);
    expect(await page.locator('#checks').textContent()).toContain('公众');
    // The files download.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('#download-pdf').click()]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const [ofd] = await Promise.all([page.waitForEvent('download'), page.locator('#download-ofd').click()]);
    expect(ofd.suggestedFilename()).toMatch(/\.ofd$/);

    // Suspend needs a reason; then resume.
    await page.locator('#suspend-reason').fill('涉嫌虚假登记，立案调查');
    await page.getByRole('button', { name: '暂扣', exact: true }).click();
    await slow(() => page.locator('#licence-status').textContent()).toBe('暂扣');
    expect(await page.locator('.notice').textContent()).toContain('暂扣');
    expect(await page.locator('#history').textContent()).toContain('涉嫌虚假登记，立案调查');
    await checkPage(page, 'record-suspended');
    await page.locator('#resume-reason').fill('调查结束，恢复');
    await page.getByRole('button', { name: '恢复', exact: true }).click();
    await slow(() => page.locator('#licence-status').textContent()).toBe('有效');
    const actions = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action.startsWith('licence.')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['licence.issue', 'licence.suspend', 'licence.resume']));

    // A change through the API makes version 2: both pages show the chain.
    const token = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const licenceId = licenceUrl.split('/').pop() as string;
    const changed = await fetch(`${svc.url}/api/licences/${licenceId}/change`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'change-0001-abcdef' },
      body: JSON.stringify({ data: { creditCode: COMPANY_CODE, name: '杭州某某科技有限公司', entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: '张三丰', registeredCapital: '人民币贰佰万元整', establishedOn: '2020-05-01', businessScope: '一般项目：技术服务、技术开发、技术咨询；软件开发。', address: '浙江省杭州市西湖区文三路200号' }, reason: '变更住所' }),
    });
    expect(changed.status).toBe(201);
    const v2 = ((await changed.json()) as { licence: { id: string } }).licence.id;
    await page.goto(`${svc.url}/desk/licences/${v2}`);
    await slow(() => page.locator('#versions tbody tr').count()).toBe(2);
    expect(await page.locator('#versions tbody tr').first().textContent()).toContain('已变更');
    expect(await page.locator('#versions tbody tr').nth(1).textContent()).toContain('（本版本）');
    await page.locator('#revoke-reason').fill('以欺骗手段取得许可');
    await page.getByRole('button', { name: '吊销', exact: true }).click();
    await slow(() => page.locator('#licence-status').textContent()).toBe('吊销');
    expect(await page.locator('#do-suspend').count()).toBe(0);
    await checkPage(page, 'record-revoked');

    // CSV upload with one bad line: the progress reaches done and the bad line's error is shown.
    await page.getByRole('link', { name: '批量签发' }).click();
    await page.waitForURL((u) => u.pathname === '/desk/licences/imports');
    await checkPage(page, 'import-form');
    const header = 'key,typeCode,creditCode,name,entityType,legalRepresentative,registeredCapital,establishedOn,businessScope,address';
    const row = (key: string, code: string, name: string) => `${key},${BUSINESS},${code},${name},有限责任公司（自然人独资）,李四,人民币伍拾万元整,2021-03-01,软件开发,杭州市西湖区某路1号`;
    // Enough lines that the job page usually opens while it runs, and import-job.js follows it.
    const good = Array.from({ length: 8 }, (_x, i) => row(`csv-line-000${i + 2}`, OTHER_COMPANY, '杭州别家有限公司'));
    const csv = [header, good[0], row('csv-line-bad3', '91330100MA2A00001X', '杭州坏码有限公司'), ...good.slice(1)].join('\n');
    await page.locator('#upload-file').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.waitForURL(/\/desk\/licences\/imports\/imp_[A-Za-z0-9_-]{22}$/);
    await slow(() => page.locator('#job-status').getAttribute('data-state')).toBe('done');
    await slow(() => page.locator('#job-counts').textContent()).toContain('成功 8 行，失败 1 行');
    expect(await page.locator('#job-errors tbody tr td').first().textContent()).toBe('3');
    expect(await page.locator('#job-errors').textContent()).toContain('data.creditCode');
    expect(await page.locator('#job-bar').getAttribute('value')).toBe('9');
    await slow(() => page.locator('#job-licences li').count()).toBe(8);
    await checkPage(page, 'import-done');

    // The list finds them by type, status, holder and identifier.
    await page.goto(`${svc.url}/desk/licences`);
    await slow(() => page.locator('#licences tbody tr').count()).toBe(10);
    await page.locator('#q-status').selectOption('revoked');
    await page.getByRole('button', { name: '查询' }).click();
    await slow(() => page.locator('#licences tbody tr').count()).toBe(1);
    await page.goto(`${svc.url}/desk/licences?holder=${OTHER_COMPANY}`);
    await slow(() => page.locator('#licences tbody tr').count()).toBe(8);
    await page.goto(`${svc.url}/desk/licences?identifier=${encodeURIComponent(identifier)}`);
    await slow(() => page.locator('#licences tbody tr').count()).toBe(1);
    expect(await page.locator('#licences').textContent()).toContain('已变更');
    await page.goto(`${svc.url}/desk/licences`);
    await checkPage(page, 'list');
    // In English too.
    await page.goto(`${svc.url}/desk/licences?lang=en`);
    await checkPage(page, 'list-en');
    expect(refused).toEqual([]);
    await context.close();
  }, 240_000);

  it('a licence issuer changes, renews and withdraws a licence through the pages', async () => {
    const token = await apiToken(svc.url, world.appId, 'L001', 'licences');
    const content = { creditCode: COMPANY_CODE, name: '杭州变更测试有限公司', entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: '王五', registeredCapital: '人民币壹佰万元整', establishedOn: '2019-01-01', businessScope: '软件开发。', address: '浙江省杭州市西湖区文一路1号' };
    const made = await fetch(`${svc.url}/api/licences`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'pages-change-0001' },
      body: JSON.stringify({ typeCode: BUSINESS, data: content }),
    });
    expect(made.status).toBe(201);
    const v1 = ((await made.json()) as { licence: { id: string } }).licence.id;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) refused.push(m.text()); });
    await signInByPassword(page, `/desk/licences/${v1}`, 'L001');
    await page.waitForURL((u) => u.pathname === `/desk/licences/${v1}`);
    expect(await page.locator('#do-withdraw').count()).toBe(1);
    expect(await page.locator('#do-transfer').count()).toBe(1);
    await checkPage(page, 'record-valid');

    // Change: the form holds the current content; a bad field is named beside it, nothing issued.
    await page.locator('#link-change').click();
    await page.waitForURL((u) => u.pathname === `/desk/licences/${v1}/change`);
    expect(await page.locator('#f-address').inputValue()).toBe(content.address);
    await checkPage(page, 'change-form');
    await page.locator('#f-address').fill('浙江省杭州市西湖区文一路2号');
    await page.locator('#f-creditCode').fill('91330100MA2A00001X');
    await page.locator('#f-reason').fill('变更住所');
    await page.getByRole('button', { name: '签发变更后的新版本' }).click();
    await slow(() => page.locator('#f-creditCode-error').textContent()).toBe('校验位不正确，请核对号码。');
    expect(await page.locator('#f-creditCode').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-address').inputValue()).toBe('浙江省杭州市西湖区文一路2号');
    expect(await page.locator('#f-reason').inputValue()).toBe('变更住所');
    await checkPage(page, 'change-field-error');
    await page.locator('#f-creditCode').fill(COMPANY_CODE);
    // The form as it is posted, to post it again afterwards.
    const posted = await page.evaluate(`Object.fromEntries([...new FormData(document.getElementById('change'))].filter(([, x]) => typeof x === 'string'))`) as Record<string, string>;
    await page.getByRole('button', { name: '签发变更后的新版本' }).click();
    await page.waitForURL(/\/desk\/licences\/lic_[A-Za-z0-9_-]{22}\?changed=1$/, { timeout: 30_000 });
    const v2 = new URL(page.url()).pathname.split('/').pop() as string;
    expect(v2).not.toBe(v1);
    expect(await page.locator('.notice').textContent()).toContain('第 2 版');
    await slow(() => page.locator('#versions tbody tr').count()).toBe(2);
    expect(await page.locator('#versions tbody tr').first().textContent()).toContain('已变更');
    expect(await page.locator('#versions tbody tr').nth(1).textContent()).toContain('（本版本）');
    expect(await page.locator('[aria-labelledby="data-h"]').textContent()).toContain('文一路2号');
    await checkPage(page, 'changed');
    // The same form posted twice changes once.
    const again = await context.request.post(`${svc.url}/desk/licences/${v1}/change`, { multipart: posted, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe(`/desk/licences/${v2}?changed=1`);
    await page.goto(`${svc.url}/desk/licences/${v1}`);
    expect(await page.locator('#licence-status').textContent()).toBe('已变更');
    expect(await page.locator('#link-change').count()).toBe(0);
    expect(await page.locator('#versions tbody tr').count()).toBe(2);

    // Renew version 2 from tomorrow.
    await page.goto(`${svc.url}/desk/licences/${v2}`);
    await page.locator('#link-renew').click();
    await page.waitForURL((u) => u.pathname === `/desk/licences/${v2}/renew`);
    await checkPage(page, 'renew-form');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.locator('#f-validFrom').fill(tomorrow);
    await page.locator('#f-reason').fill('有效期延续');
    // The content is folded away, kept unless edited: here the registered capital changes too.
    expect(await page.locator('#f-address').inputValue()).toBe('浙江省杭州市西湖区文一路2号');
    await page.locator('#renew-data summary').click();
    await page.locator('#f-registeredCapital').fill('人民币贰佰万元整');
    await page.getByRole('button', { name: '签发延续后的新版本' }).click();
    await page.waitForURL(/\/desk\/licences\/lic_[A-Za-z0-9_-]{22}\?changed=1$/, { timeout: 30_000 });
    await slow(() => page.locator('#versions tbody tr').count()).toBe(3);
    expect(await page.locator('#versions tbody tr').nth(2).textContent()).toContain(tomorrow);
    expect(await page.locator('[aria-labelledby="data-h"]').textContent()).toContain('人民币贰佰万元整');
    await checkPage(page, 'renewed');
    const v3 = new URL(page.url()).pathname.split('/').pop() as string;
    expect([v1, v2]).not.toContain(v3);

    // Withdraw version 3 with a reason: no transfer, change or renewal after that.
    await page.locator('#withdraw-reason').fill('行政许可依法撤回');
    await page.getByRole('button', { name: '撤销', exact: true }).click();
    await slow(() => page.locator('#licence-status').textContent()).toBe('撤销');
    expect(await page.locator('#history').textContent()).toContain('行政许可依法撤回');
    expect(await page.locator('#do-transfer').count()).toBe(0);
    expect(await page.locator('#link-renew').count()).toBe(0);
    await checkPage(page, 'withdrawn');
    const actions = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action.startsWith('licence.')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['licence.change', 'licence.renew', 'licence.withdraw']));
    // In English too.
    await page.goto(`${svc.url}/desk/licences/${v2}/change?lang=en`);
    expect(await page.locator('#change-h').textContent()).toContain('Change the content');
    expect(refused).toEqual([]);
    await context.close();
  }, 240_000);

  it('a clerk without the issuer role is refused the desk', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await signInByPassword(page, '/desk/licences', 'L002');
    await slow(() => page.locator('.error').textContent()).toContain('证照签发角色');
    await context.close();
  }, 60_000);

  it('a system administrator uploads a staff CSV with one bad line on the staff page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInByPassword(page, '/admin/staff', 'A001');
    await page.waitForURL(/\/totp$/);
    const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    await page.getByLabel('动态口令（6位）').fill(totpCode(secret));
    await page.getByLabel('动态口令（6位）').press('Enter');
    await page.waitForURL((u) => u.pathname === '/admin/staff');
    await checkPage(page, 'staff-page');
    const csv = 'staffNumber,name,departmentId,roles\nS100,周一,amr,clerk\nS101,吴二,nosuchdept,clerk\n';
    await page.locator('#staff-import-file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: '上传并导入' }).click();
    await page.waitForURL(/\/admin\/staff\/imports\/simp_[A-Za-z0-9_-]{22}$/);
    await slow(() => page.locator('#job-status').getAttribute('data-state')).toBe('done');
    expect(await page.locator('#job-counts').textContent()).toContain('成功 1 行，失败 1 行');
    expect(await page.locator('#job-errors').textContent()).toContain('S101');
    expect(await svc.container.identity.accounts.findByLogin('staff:S100')).not.toBeNull();
    await checkPage(page, 'staff-import-done');
    await context.close();
  }, 120_000);
});
