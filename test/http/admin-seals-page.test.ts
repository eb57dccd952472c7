// The seal pages of the administration console in Chromium, through the pages alone, on SQLite: a
// seal keeper applies for a licence seal (证照专用章), a seal approver approves it, the security
// administrator finds a clerk by search and grants them the seal, ends the grant, suspends,
// resumes and revokes the seal, each with a reason, and sees the seal's use (one stamp made through
// the API first). The system administrator and the audit administrator are refused the pages and
// the lifecycle API. axe finds nothing on each page at 1280×800 and 768×1024.
// Screenshots in test-artifacts/admin-seals/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { makePdf } from '../pdf/fixtures.ts';
import { axeViolations } from '../support/axe.ts';
import { consoleSignIn } from '../support/console-sign-in.ts';
import { launchChromium } from '../support/chromium.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { skipWithout } from '../support/tools.ts';
import { PASSWORD, sealDesk } from './seals-kit.ts';
import type { SealDesk } from './seals-kit.ts';

const SHOTS = fileURLToPath(new URL('../../test-artifacts/admin-seals/', import.meta.url));
const system = { id: 'system:test', kind: 'system' as const };
const slow = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const SIZES = [{ width: 1280, height: 800 }, { width: 768, height: 1024 }];

describe.skipIf(skipWithout('the seal pages in Chromium', 'chromium'))('administration console: seal pages in Chromium', () => {
  let svc: OidcTestService;
  let desk: SealDesk;
  let browser: Browser;
  let sealId = '';

  beforeAll(async () => {
    svc = await startOidcService();
    desk = await sealDesk(svc);
    const c = svc.container;
    for (const [staffNumber, name, departmentId, role] of [
      ['S001', '孔安全', 'city', 'security_admin'], ['S002', '褚安全', 'city', 'security_admin'], ['A001', '王系统', 'amr', 'system_admin'], ['A002', '冯系统', 'amr', 'system_admin'], ['U001', '李审计', 'amr', 'auditor'],
    ] as const) {
      await createAccount(c.identity, { kind: 'staff', name, staffNumber, departmentId, roles: [role], password: PASSWORD }, system);
    }
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** Sign in through the SSO's pages as `login`; administrators give a one-time password (enrolled the first time). */
  let signInAs: ReturnType<typeof consoleSignIn> | undefined;
  async function signIn(context: BrowserContext, path: string, login: string): Promise<Page> {
    const page = await context.newPage();
    await (signInAs ??= consoleSignIn(svc.url, PASSWORD))(page, path, login);
    return page;
  }
  /** axe at both sizes, and no sideways scrolling of the page itself at 768 px. */
  async function checked(page: Page, name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await axeViolations(page), `${name} at ${size.width}`).toEqual([]);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
      expect(overflow, `${name} at ${size.width}`).toBeLessThanOrEqual(0);
      await shot(page, `${name}-${size.width}`);
    }
    await page.setViewportSize(SIZES[0]!);
  }
  const api = (path: string, token: string, init: { body?: unknown; pdf?: Uint8Array } = {}) => fetch(`${svc.url}${path}`, {
    method: init.body || init.pdf ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': init.pdf ? 'application/pdf' : 'application/json' },
    body: init.pdf ?? (init.body ? JSON.stringify(init.body) : undefined),
  });

  it('a keeper applies for a licence seal and an approver approves it', async () => {
    const keeper = await browser.newContext({ locale: 'zh-CN', viewport: SIZES[0] });
    const page = await signIn(keeper, '/admin/seals', 'K001');
    expect(await page.locator('h1').textContent()).toBe('印章管理');
    expect(await page.locator('.admin-nav').textContent()).toContain('印章管理');
    // A keeper signing in to the console lands on the seal pages.
    await page.goto(`${svc.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/seals');
    await page.locator('#s-kind').selectOption('licence');
    await page.locator('#s-years').fill('3');
    await page.getByRole('button', { name: '提交申请' }).click();
    await slow(() => page.locator('.notice').textContent()).toContain('某市市场监督管理局证照专用章');
    expect(await page.locator('#seals tbody').textContent()).toContain('待审批');
    await checked(page, 'keeper-list');
    await page.getByRole('link', { name: /查看\s*某市市场监督管理局证照专用章/ }).click();
    await page.waitForURL(/\/admin\/seals\/seal_/);
    sealId = new URL(page.url()).pathname.split('/').pop()!;
    // The keeper sees no approval form for their own department's pending seal.
    expect(await page.locator('#approve').count()).toBe(0);
    await checked(page, 'keeper-record');
    await keeper.close();

    const approver = await browser.newContext({ locale: 'zh-CN', viewport: SIZES[0] });
    const ap = await signIn(approver, `/admin/seals/${sealId}`, 'P001');
    await checked(ap, 'approver-record');
    await ap.locator('#a-reason').fill('材料齐全');
    await ap.getByRole('button', { name: '审批通过（制作印章）' }).click();
    await slow(() => ap.locator('#seal-status').textContent()).toBe('有效');
    expect(await ap.locator('.notice').textContent()).toBe('已审批通过，印章已制作。');
    expect(await ap.locator('img.seal-image').count()).toBe(1);
    const seal = (await svc.container.seals.read({ sealId }, { accountId: desk.ids.P001! })).seal;
    expect(seal).toMatchObject({ kind: 'licence', status: 'active', validityYears: 3 });
    expect(seal.code?.[6]).toBe('4');
    await approver.close();
  }, 180_000);

  it('the security administrator grants to a clerk found by search, ends the grant, suspends, resumes, revokes and sees the use', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: SIZES[0] });
    const errors: string[] = [];
    const page = await signIn(context, '/admin/seals', 'S001');
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    // Filters: the licence seals that are active.
    await page.locator('#f-kind').selectOption('licence');
    await page.locator('#f-status').selectOption('active');
    await page.getByRole('button', { name: '筛选' }).click();
    await slow(() => page.locator('#seals tbody tr').count()).toBe(1);
    await checked(page, 'security-list');
    await page.locator('#f-status').selectOption('revoked');
    await page.getByRole('button', { name: '筛选' }).click();
    await slow(() => page.locator('#no-seals').count()).toBe(1);

    await page.goto(`${svc.url}/admin/seals/${sealId}`);
    await page.locator('#g-q').fill('C001');
    await page.getByRole('button', { name: '查找' }).click();
    await slow(() => page.locator('#found tbody tr').count()).toBe(1);
    expect(await page.locator('#found').textContent()).toContain('钱经办');
    await checked(page, 'security-search');
    await page.getByRole('button', { name: '授权 钱经办' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已授权：钱经办');
    expect(await page.locator('#grants tbody').textContent()).toContain('钱经办');

    // One use through the API by the clerk (a one-time password at sign-in, so the stamp is allowed).
    const clerk = await desk.signIn('C001');
    const stamped = await api(`/api/seals/${sealId}/stamp?page=1&x=300&y=300&reason=${encodeURIComponent('发证')}`, clerk, { pdf: await makePdf(1) });
    expect(stamped.status).toBe(200);
    const sm3 = stamped.headers.get('x-document-sm3')!;

    await page.reload();
    await page.getByRole('button', { name: '收回授权 钱经办（C001）' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已收回授权。');
    expect(await page.locator('#grants tbody').textContent()).toContain('已结束');

    await page.locator('#su-reason').fill('印章保管调查');
    await page.getByRole('button', { name: '暂停使用' }).click();
    await slow(() => page.locator('#seal-status').textContent()).toBe('已暂停');
    await page.locator('#re-reason').fill('调查结束');
    await page.getByRole('button', { name: '恢复使用' }).click();
    await slow(() => page.locator('#seal-status').textContent()).toBe('有效');
    // A reason is required: the browser refuses an empty one.
    await page.getByRole('button', { name: '吊销印章（不可恢复）' }).click();
    expect(await page.locator('#seal-status').textContent()).toBe('有效');
    await page.locator('#rv-reason').fill('机构调整');
    await page.locator('#rv-code').selectOption('cessation');
    await page.getByRole('button', { name: '吊销印章（不可恢复）' }).click();
    await slow(() => page.locator('#seal-status').textContent()).toBe('已吊销');
    expect(await page.locator('#revoke, #suspend, #resume').count()).toBe(0);

    // The use: who, when, which document.
    const uses = page.locator('#uses tbody tr');
    expect(await uses.count()).toBe(1);
    expect(await uses.textContent()).toContain('钱经办');
    expect(await uses.textContent()).toContain(sm3);
    expect(await page.locator('#events tbody').textContent()).toContain('机构调整');
    await checked(page, 'security-record');
    // In English too.
    await page.goto(`${svc.url}/admin/seals/${sealId}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Seals');
    expect(await page.locator('#seal-status').textContent()).toBe('Revoked');
    await checked(page, 'security-record-en');
    expect(errors).toEqual([]);

    const security = (await svc.container.identity.accounts.findByLogin('staff:S001'))!;
    const actions = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.object === sealId && r.actorId === security.id).map((r) => r.action);
    expect(actions).toEqual(['seal.grant', 'seal.grant.end', 'seal.suspend', 'seal.resume', 'seal.revoke']);
    await context.close();
  }, 240_000);

  it('the system administrator and the audit administrator are refused the seal pages and the lifecycle API', async () => {
    for (const login of ['A001', 'U001']) {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: SIZES[0] });
      const page = await context.newPage();
      await page.goto(`${svc.url}/admin/seals`);
      await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(login);
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/totp$/);
      const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
      await page.getByLabel('动态口令（6位）').fill(totpCode(secret));
      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/admin/seals' && r.request().method() === 'GET');
      await page.getByLabel('动态口令（6位）').press('Enter');
      expect((await answer).status()).toBe(403);
      // The refusal page has loaded before the next navigation starts.
      await page.waitForURL(/\/admin\/seals$/);
      await page.waitForLoadState('load');
      expect(await page.locator('.admin-nav a[href="/admin/seals"]').count()).toBe(0);
      const refused = await page.goto(`${svc.url}/admin/seals/${sealId}`);
      expect(refused?.status()).toBe(403);
      await context.close();
    }
    // The API: an active seal of their own department, and still refused.
    const keeper = await desk.signIn('K001');
    const applied = await api('/api/seals', keeper, { body: { kind: 'contract', owner: { kind: 'department', id: 'amr' } } });
    const other = ((await applied.json()) as { seal: { id: string } }).seal.id;
    expect((await api(`/api/seals/${other}/approve`, await desk.signIn('P001'), { body: { reason: '同意' } })).status).toBe(200);
    for (const login of ['A002', 'C001']) {
      const token = await desk.signIn(login);
      for (const action of ['suspend', 'resume', 'revoke']) {
        const res = await api(`/api/seals/${other}/${action}`, token, { body: { reason: '试图越权' } });
        expect(res.status, `${login} ${action}`).toBe(403);
      }
      expect((await api(`/api/seals/${other}/grants`, token, { body: { accountId: desk.ids.C002 } })).status).toBe(403);
    }
    // The security administrator may, through the API as well.
    const security = await desk.signIn('S002');
    expect((await api(`/api/seals/${other}/suspend`, security, { body: { reason: '核查' } })).status).toBe(200);
    const uses = await api(`/api/seals/${sealId}/uses`, security);
    expect(((await uses.json()) as { uses: unknown[] }).uses).toHaveLength(1);
    // Like every administrative duty, only with a recent one-time password: age the sign-in behind
    // the token past ADMIN_OTP_MAX_AGE_S (15 minutes) and the API asks for a new one.
    const provider = await svc.container.oidcProvider();
    const at = await provider.AccessToken.find(security);
    const session = await provider.Session.findByUid(at!.sessionUid as string);
    session!.loginTs = (session!.loginTs as number) - 16 * 60;
    await session!.save(3600);
    const stale = await api(`/api/seals/${other}/resume`, security, { body: { reason: '核查' } });
    expect([stale.status, ((await stale.json()) as { error: { code: string } }).error.code]).toEqual([401, 'ERR_STEP_UP_REQUIRED']);
    expect((await svc.container.identity.accounts.findByLogin('staff:S002'))?.staff?.roles).toContain('security_admin');
  }, 180_000);
});
