// The service item pages (用证事项) of the administration console in Chromium, through the pages
// alone: a system administrator adds an item with its licence list, changes it, uploads a CSV with a
// wrong line (every problem shown by line, nothing saved) and then a sound one, and on an app's
// page permits it items, consent only or under a legal basis, and withdraws one. Axe on every page,
// in both languages, at 1280 and 768 px; security and audit administrators are refused.
// Screenshots in test-artifacts/admin-service-items/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { axeViolations } from '../support/axe.ts';
import { consoleSignIn } from '../support/console-sign-in.ts';
import { launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture } from '../support/staff-admin.ts';

const PASSWORD = 'service items passphrase 7';
const system = { id: 'system:test', kind: 'system' as const };
const SHOTS = fileURLToPath(new URL('../../test-artifacts/admin-service-items/', import.meta.url));
const PROOF = '11330100MB10000036001';
const BUSINESS = '11100000000013338W011';
const DEPT = '11330100MB0000000X';
const slow = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe.skipIf(skipWithout('the administration console in Chromium', 'chromium'))('administration console: service items and licence-use permissions in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let appId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    svc = await startOidcService();
    const c = svc.container;
    await adminFixture(c, PASSWORD);
    await createAccount(c.identity, { kind: 'staff', name: '孔安全', staffNumber: 'SEC1', departmentId: 'dsj', roles: ['security_admin'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AUD1', departmentId: 'dsj', roles: ['auditor'], password: PASSWORD }, system);
    ({ clientId: appId } = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '人社服务窗口', kind: 'third_party', public: false, redirectUris: ['https://window.example.gov.cn/cb'], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'client_credentials'], scopes: ['openid', 'licence_use'], fullIdNumber: false,
    }, system));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  let signInAs: ReturnType<typeof consoleSignIn> | undefined;
  const signIn = (page: Page, path: string, login: string) => (signInAs ??= consoleSignIn(svc.url, PASSWORD))(page, path, login);
  const noViolations = async (page: Page) => expect(await axeViolations(page)).toEqual([]);
  const typeSet = (page: Page, type: string) => page.locator('fieldset.licence-type', { hasText: type });
  const fieldBox = (page: Page, type: string, name: string) => page.locator(`input[name="fields.${type}"][value="${name}"]`);
  const csvFile = (name: string, lines: string[]) => {
    const path = join(SHOTS, name);
    writeFileSync(path, `${['code,name,department_code,department_name,legal_basis,licence_type,fields', ...lines].join('\n')}\n`);
    return path;
  };

  it('adds, changes and imports service items and permits an app to use them', async () => {
    const c = svc.container;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await signIn(page, '/admin/service-items', 'A001');
    expect(await page.locator('h1').textContent()).toBe('用证事项');
    expect(await page.locator('nav.admin-nav').textContent()).toContain('用证事项');
    await noViolations(page);

    // Add an item: its code, name, department, legal basis, and per licence type the fields it reads.
    await page.locator('#n-code').fill('330100-JY-0001');
    await page.locator('#n-name').fill('失业登记');
    await page.locator('#n-dept-code').fill(DEPT);
    await page.locator('#n-dept-name').fill('杭州市人力资源和社会保障局');
    await page.locator('#n-basis').fill('《就业服务与就业管理规定》第六十二条');
    await typeSet(page, PROOF).getByLabel('需要此证照').check();
    for (const f of ['name', 'statement', 'queriedOn']) await fieldBox(page, PROOF, f).check();
    await page.getByRole('button', { name: '新增事项' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已保存事项: 330100-JY-0001 失业登记');
    expect(await page.locator('#items tbody').textContent()).toContain('姓名、证明内容、查询日期');
    const admin = (await c.identity.accounts.findByLogin('staff:A001'))!;
    expect(await c.licenceUse.items.findItem('330100-JY-0001')).toMatchObject({
      name: '失业登记', department: { code: DEPT }, licences: [{ typeCode: PROOF, fields: ['name', 'statement', 'queriedOn'] }], updatedBy: admin.id,
    });
    // The same code again is refused, the entries kept.
    await page.locator('#n-code').fill('330100-JY-0001');
    await page.locator('#n-name').fill('重复事项');
    await page.locator('#n-dept-code').fill(DEPT);
    await page.locator('#n-dept-name').fill('人社局');
    await page.locator('#n-basis').fill('依据');
    await typeSet(page, PROOF).getByLabel('需要此证照').check();
    await page.getByRole('button', { name: '新增事项' }).click();
    await slow(() => page.locator('.error').textContent()).toContain('已有此编码的事项');
    expect(await page.locator('#n-name').inputValue()).toBe('重复事项');
    expect((await c.licenceUse.items.findItem('330100-JY-0001'))?.name).toBe('失业登记');
    await noViolations(page);
    await shot(page, 'list-refused');

    // Change it on its page: another name, one field fewer, the business licence added.
    await page.goto(`${svc.url}/admin/service-items`);
    await page.getByRole('link', { name: /修改\s*失业登记/ }).click();
    await page.waitForURL(/\/admin\/service-items\/330100-JY-0001$/);
    await page.locator('#e-name').fill('失业登记（含企业）');
    await fieldBox(page, PROOF, 'queriedOn').uncheck();
    await typeSet(page, BUSINESS).getByLabel('需要此证照').check();
    for (const f of ['name', 'creditCode']) await fieldBox(page, BUSINESS, f).check();
    await page.getByRole('button', { name: '保存事项' }).click();
    await slow(() => page.locator('.notice').textContent()).toContain('已保存事项');
    expect(await c.licenceUse.items.findItem('330100-JY-0001')).toMatchObject({
      name: '失业登记（含企业）', licences: [{ typeCode: BUSINESS, fields: ['creditCode', 'name'] }, { typeCode: PROOF, fields: ['name', 'statement'] }],
    });
    // A list without any licence type is refused, naming the field.
    for (const t of [PROOF, BUSINESS]) await typeSet(page, t).getByLabel('需要此证照').uncheck();
    await page.getByRole('button', { name: '保存事项' }).click();
    await slow(() => page.locator('.error').textContent()).toContain('licences');
    expect((await c.licenceUse.items.findItem('330100-JY-0001'))?.licences).toHaveLength(2);
    await noViolations(page);
    await shot(page, 'item');

    // CSV: a wrong line names its line and column, and nothing is saved.
    await page.goto(`${svc.url}/admin/service-items`);
    await page.locator('#csv-file').setInputFiles(csvFile('bad.csv', [
      `330100-JY-0002,就业登记,${DEPT},人社局,《就业促进法》,${PROOF},name;purpose`,
      `330100-JY-0003,,${DEPT},人社局,《就业促进法》,${PROOF},name`,
      `330100-JY-0004,社保登记,${DEPT},人社局,《社会保险法》,${PROOF},name;salary`,
    ]));
    await page.getByRole('button', { name: '导入' }).click();
    await slow(() => page.locator('.error').textContent()).toContain('line 3.name');
    const problems = await page.locator('.error').textContent();
    expect(problems).toContain('required');
    expect(problems).toContain('unknown_field');
    expect(problems).toContain('salary');
    expect(await c.licenceUse.items.findItem('330100-JY-0002')).toBeNull();
    await noViolations(page);
    await shot(page, 'import-refused');
    await page.locator('#csv-file').setInputFiles(csvFile('good.csv', [
      `330100-JY-0002,就业登记,${DEPT},人社局,《就业促进法》,${PROOF},name;purpose`,
      `330100-JY-0002,就业登记,${DEPT},人社局,《就业促进法》,${BUSINESS},name`,
    ]));
    await page.getByRole('button', { name: '导入' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已导入事项 1 个');
    expect((await c.licenceUse.items.findItem('330100-JY-0002'))?.licences).toEqual([{ typeCode: PROOF, fields: ['name', 'purpose'] }, { typeCode: BUSINESS, fields: ['name'] }]);
    expect(await page.locator('#items tbody tr').count()).toBe(2);
    await shot(page, 'list');

    // On the app's page: permit one item with the holder's consent, another under a legal basis.
    await page.goto(`${svc.url}/admin/apps/${appId}`);
    await page.locator('#licence-use-link').click();
    await page.waitForURL(/\/licence-use$/);
    expect(await page.locator('h1').textContent()).toBe('用证授权');
    expect(await page.locator('#no-permissions').count()).toBe(1);
    await noViolations(page);
    await page.locator('#g-item').selectOption('330100-JY-0001');
    await page.getByRole('button', { name: '授权', exact: true }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已授权: 330100-JY-0001');
    // Without consent but no basis: refused.
    await page.locator('#g-item').selectOption('330100-JY-0002');
    await page.locator('#g-without').check();
    await page.getByRole('button', { name: '授权', exact: true }).click();
    await slow(() => page.locator('.error').textContent()).toContain('不经同意读取须填写法定依据');
    await page.locator('#g-item').selectOption('330100-JY-0002');
    await page.locator('#g-without').check();
    await page.locator('#g-basis').fill('《社会保险法》第八十二条 监督检查');
    await page.getByRole('button', { name: '授权', exact: true }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已授权: 330100-JY-0002');
    expect(await c.licenceUse.items.permissionsOf(appId)).toMatchObject([
      { itemCode: '330100-JY-0001', legalBasis: null, grantedBy: admin.id },
      { itemCode: '330100-JY-0002', legalBasis: '《社会保险法》第八十二条 监督检查', grantedBy: admin.id },
    ]);
    const table = await page.locator('#permissions').textContent();
    expect(table).toContain('须经持证人同意');
    expect(table).toContain('可不经同意：《社会保险法》第八十二条 监督检查');
    await noViolations(page);
    await shot(page, 'app-licence-use');
    // Withdraw the first.
    await page.getByRole('button', { name: /收回授权\s*330100-JY-0001/ }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已收回授权: 330100-JY-0001');
    expect((await c.licenceUse.items.permissionsOf(appId)).map((p) => p.itemCode)).toEqual(['330100-JY-0002']);
    // The item's page names the apps permitted to use it.
    await page.goto(`${svc.url}/admin/service-items/330100-JY-0002`);
    expect(await page.locator('#item-apps').textContent()).toContain('可不经同意：《社会保险法》第八十二条 监督检查');
    await page.getByRole('link', { name: /管理授权\s*人社服务窗口/ }).click();
    await page.waitForURL(/\/licence-use$/);
    const actions = (await c.auditStore.page(0, 100_000)).filter((r) => r.action.startsWith('admin.service_item') || r.action.startsWith('admin.licence_use'));
    expect(actions.map((r) => `${r.action} ${r.object}`)).toEqual([
      'admin.service_item.save 330100-JY-0001', 'admin.service_item.save 330100-JY-0001', 'admin.service_item.save 330100-JY-0002',
      `admin.licence_use.grant ${appId}`, `admin.licence_use.grant ${appId}`, `admin.licence_use.revoke ${appId}`,
    ]);
    expect(actions.every((r) => r.actorId === admin.id)).toBe(true);

    // In English, and at 768 px: tables scroll inside their region, nothing runs off the page.
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 1024 });
      for (const [path, name] of [['/admin/service-items', 'list'], ['/admin/service-items/330100-JY-0002', 'item'], [`/admin/apps/${appId}/licence-use`, 'app-licence-use']] as const) {
        for (const lang of ['zh', 'en']) {
          await page.goto(`${svc.url}${path}?lang=${lang}`);
          const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
          expect(overflow, `${path} ${width}`).toBeLessThanOrEqual(0);
          const cells = await page.locator('table.staff th, table.staff td').evaluateAll((els) => els.map((e) => ({ w: e.getBoundingClientRect().width, text: e.textContent ?? '' })));
          for (const cell of cells.filter((x) => x.text.trim().length > 1)) expect(cell.w, cell.text).toBeGreaterThan(30);
          await noViolations(page);
          await shot(page, `${name}-${lang}-${width}`);
        }
      }
    }
    expect(await page.locator('h1').textContent()).toBe('Licence use');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('refuses security and audit administrators with the 403 page', async () => {
    for (const login of ['SEC1', 'AUD1']) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      await signIn(page, '/admin/roles', login);
      for (const path of ['/admin/service-items', '/admin/service-items/330100-JY-0001', `/admin/apps/${appId}/licence-use`]) {
        const res = await page.goto(`${svc.url}${path}`);
        expect(res?.status(), `${login} ${path}`).toBe(403);
        expect(await page.locator('.error').textContent()).toContain('您的角色不能使用此页面');
      }
      await noViolations(page);
      await shot(page, `refused-${login}`);
      await context.close();
    }
  }, 120_000);
});
