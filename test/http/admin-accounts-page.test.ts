// The security administrator's accounts and sessions pages in Chromium, through the pages alone on
// SQLite: find a citizen by mobile number and by ID number (its blind index; the number never in a
// URL or the audit trail), a legal person by credit code; open the citizen (masked) and end one of
// their sessions (the app receives a back-channel logout token); reset their password (their sign-in
// with it then fails; they set a new one through recovery by SMS); disable them (their sign-in then
// fails) and enable them; on the sessions page end all of an account's sessions and clear a lockout.
// axe finds nothing on any page at 1280×800 and 768×1024; the system and audit administrators are
// refused these pages. Screenshots in test-artifacts/admin-accounts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { accountThrottleKey } from '../../src/services/identity/identity-deps.ts';
import { axeViolations } from '../support/axe.ts';
import { consoleSignIn } from '../support/console-sign-in.ts';
import { launchChromium } from '../support/chromium.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture } from '../support/staff-admin.ts';
import { skipWithout } from '../support/tools.ts';

const PASSWORD = 'accounts page passphrase 5';
const CITIZEN_PASSWORD = 'Citizen-Pass-0871';
const NEW_PASSWORD = 'Citizen-New-0871';
const PHONE = '13800000871';
const ID_NUMBER = '11010519491231002X';
const CREDIT_CODE = '11330100MB0000001R';
const system = { id: 'system:test', kind: 'system' as const };
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/admin-accounts/', import.meta.url));
const slow = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe.skipIf(skipWithout('the accounts pages in Chromium', 'chromium'))('administration console: citizens, legal persons and sessions in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let rpConfig: oidc.Configuration;
  let citizenId: string;
  let companyId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    svc = await startOidcService();
    const c = svc.container;
    await adminFixture(c, PASSWORD);
    await createAccount(c.identity, { kind: 'staff', name: '孔安全', staffNumber: 'SEC1', departmentId: 'dsj', roles: ['security_admin'], password: PASSWORD }, system);
    await createAccount(c.identity, { kind: 'staff', name: '李审计', staffNumber: 'AUD1', departmentId: 'dsj', roles: ['auditor'], password: PASSWORD }, system);
    citizenId = (await createAccount(c.identity, { kind: 'citizen', name: '王公民', idNumber: ID_NUMBER, phone: PHONE, password: CITIZEN_PASSWORD, assurance: 'L2' }, system)).id;
    // Represented by someone else: the citizen signs in as themselves, with no identity to choose.
    const representative = await createAccount(c.identity, { kind: 'citizen', name: '赵法人', idNumber: null, phone: '13800000873', password: CITIZEN_PASSWORD }, system);
    companyId = (await createAccount(c.identity, { kind: 'legal_person', name: '某市星河科技有限公司', creditCode: CREDIT_CODE, representativeId: representative.id, phone: '13800000872', password: CITIZEN_PASSWORD }, system)).id;
    rp = await startTestRelyingParty();
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '城市服务测试应用', kind: 'first_party', public: false, redirectUris: [`${rp.url}/cb`], postLogoutRedirectUris: [],
      backchannelLogoutUri: `${rp.url}/backchannel`, grantTypes: ['authorization_code', 'refresh_token'], refreshPolicy: 'always', scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system);
    rpConfig = await oidc.discovery(new URL(svc.issuer), app.clientId, { client_secret: app.clientSecret as string }, oidc.ClientSecretBasic(app.clientSecret as string), { execute: [oidc.allowInsecureRequests] });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await rp?.close();
    await svc?.stop();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const noViolations = async (page: Page) => expect(await axeViolations(page)).toEqual([]);
  const audit = async () => svc.container.auditStore.page(0, 100_000);

  async function fillSignIn(page: Page, login: string, password: string): Promise<void> {
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(login);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
  }

  let signInAs: ReturnType<typeof consoleSignIn> | undefined;
  /** An administrator through the SSO's pages, enrolling the authenticator shown the first time. */
  const adminSignIn = (page: Page, path: string, login: string) => (signInAs ??= consoleSignIn(svc.url, PASSWORD))(page, path, login);

  /** The citizen signs in to the test app in a browser of their own: a session with an app to tell at logout. */
  async function citizenSignsInToApp(context: BrowserContext, password = CITIZEN_PASSWORD) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: `${rp.url}/cb`, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const page = await context.newPage();
    await page.goto(url.href);
    await fillSignIn(page, PHONE, password);
    await page.waitForURL((u) => u.href.startsWith(`${rp.url}/cb`));
    const tokens = await oidc.authorizationCodeGrant(rpConfig, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
    await page.close();
    return tokens;
  }

  /** A sign-in at the account page that the SSO refuses (wrong password, disabled). */
  async function citizenIsRefused(password: string): Promise<void> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${svc.url}/account`);
    await fillSignIn(page, PHONE, password);
    await slow(() => page.locator('.error').textContent()).toContain('账号或密码错误');
    expect(new URL(page.url()).pathname).not.toBe('/account');
    await context.close();
  }

  async function search(page: Page, by: string, value: string): Promise<void> {
    await page.locator('#s-by').selectOption(by);
    await page.locator('#s-value').fill(value);
    await page.getByRole('button', { name: '查找', exact: true }).click();
    await slow(() => page.locator('#results-h').count()).toBe(1);
  }

  it('finds, views, ends a session, resets the password, disables and enables a citizen; ends all sessions and clears a lockout', async () => {
    const citizen = await browser.newContext({ locale: 'zh-CN' });
    const first = await citizenSignsInToApp(citizen);

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await adminSignIn(page, '/admin/accounts', 'SEC1');
    expect(await page.locator('h1').textContent()).toBe('公民与法人账号');
    await noViolations(page);
    await shot(page, 'accounts-search');

    // By mobile number: masked name and number.
    await search(page, 'phone', PHONE);
    const row = page.locator('#accounts tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('王*民');
    expect(await row.textContent()).toContain('138****0871');
    expect(await row.textContent()).toContain('110105********002X');
    expect(await page.content()).not.toContain(PHONE);
    await noViolations(page);
    await shot(page, 'accounts-by-phone');
    // By ID number: found through the blind index; the number is in no URL, page or audit record.
    await search(page, 'idNumber', ID_NUMBER);
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('王*民');
    expect(page.url()).not.toContain(ID_NUMBER);
    expect(await page.locator('#accounts').textContent()).not.toContain(ID_NUMBER);
    const searches = (await audit()).filter((r) => r.action === 'admin.accounts.search');
    expect(searches.map((r) => JSON.parse(r.details).by)).toEqual(['phone', 'idNumber']);
    expect(JSON.stringify(searches)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(searches)).not.toContain(PHONE);
    // By credit code: the legal person, under its registered name.
    await search(page, 'creditCode', CREDIT_CODE.toLowerCase());
    expect(await row.textContent()).toContain('某市星河科技有限公司');
    expect(await row.textContent()).toContain('法人');
    await shot(page, 'accounts-by-credit-code');
    // A malformed number is named, not searched.
    await page.locator('#s-by').selectOption('idNumber');
    await page.locator('#s-value').fill('110105194912310021');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    await slow(() => page.locator('.error').textContent()).toContain('id_number');

    // The citizen's page: masked facts, status, level, authenticator, the session with its app.
    await search(page, 'phone', PHONE);
    await page.getByRole('link', { name: /查看\s*王\*民/ }).click();
    await page.waitForURL(new RegExp(`/admin/accounts/${citizenId}$`));
    expect(await page.locator('#account-name').textContent()).toBe('王*民');
    expect(await page.locator('#account-phone').textContent()).toBe('138****0871');
    expect(await page.locator('#account-id-number').textContent()).toBe('110105********002X');
    expect(await page.locator('#account-status').textContent()).toBe('正常');
    expect(await page.locator('#account-assurance').textContent()).toBe('L2');
    expect(await page.locator('#account-authenticator').textContent()).toBe('未启用');
    expect(await page.locator('#sessions tbody tr').count()).toBe(1);
    expect(await page.locator('#sessions').textContent()).toContain('城市服务测试应用');
    expect(await page.locator('#sessions').textContent()).toContain('127.0.0.*');
    await noViolations(page);
    await shot(page, 'account-record');

    // End that session: the app is told by back-channel logout, its refresh token stops.
    const told = rp.logoutTokens.length;
    await page.getByRole('button', { name: /^结束此会话/ }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已结束 1 个会话，已通知应用 1 个。');
    expect(rp.logoutTokens.length).toBe(told + 1);
    expect(await page.locator('#no-sessions').count()).toBe(1);
    await expect(oidc.refreshTokenGrant(rpConfig, first.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    const endAudit = (await audit()).findLast((r) => r.action === 'account.admin.sessions.end')!;
    expect(endAudit.object).toBe(citizenId);
    expect(JSON.parse(endAudit.details)).toMatchObject({ which: 'one', before: { sessions: 1 }, after: { sessions: 0 } });

    // Reset the password: the session goes, the old password no longer signs in, no password is shown.
    await citizenSignsInToApp(citizen);
    await page.goto(`${svc.url}/admin/accounts/${citizenId}`);
    expect(await page.locator('#sessions tbody tr').count()).toBe(1);
    const beforeReset = rp.logoutTokens.length;
    await page.locator('#r-password').check();
    await page.getByRole('button', { name: '重置所选凭据' }).click();
    await slow(() => page.locator('.notice').textContent()).toContain('已重置，注销登录会话 1 个');
    expect(await page.locator('#shown-secret, #initial-password').count()).toBe(0);
    expect(await page.locator('#account-password').textContent()).toBe('未设置（须通过短信找回密码设置）');
    expect(rp.logoutTokens.length).toBe(beforeReset + 1);
    expect((await svc.container.identity.accounts.findById(citizenId))?.passwordHash).toBeNull();
    const resetAudit = (await audit()).findLast((r) => r.action === 'account.admin.reset')!;
    expect(resetAudit.actorId).toBe((await svc.container.identity.accounts.findByLogin('staff:SEC1'))!.id);
    expect(JSON.parse(resetAudit.details)).toMatchObject({ reset: ['password'], before: { factors: ['password'] }, after: { factors: [] } });
    await noViolations(page);
    await shot(page, 'account-reset');
    await citizenIsRefused(CITIZEN_PASSWORD);

    // The person proves themselves again: a code texted to the phone on record, a new password.
    const recovery = await browser.newContext({ locale: 'zh-CN' });
    const r = await recovery.newPage();
    await r.goto(`${svc.url}/account/forgot`);
    await r.getByLabel('手机号').fill(PHONE);
    await r.getByRole('button', { name: '发送验证码' }).click();
    await r.waitForURL(/\/account\/forgot\/code$/);
    const sent = (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent.get(PHONE) ?? '';
    await r.getByLabel('短信验证码').fill(/(\d{6})/.exec(sent)?.[1] as string);
    await r.getByLabel('新密码（至少8位）').fill(NEW_PASSWORD);
    await r.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await r.getByRole('button', { name: '重设密码' }).click();
    await slow(() => r.locator('.notice').textContent()).toContain('密码已重设');
    await recovery.close();
    await citizenSignsInToApp(citizen, NEW_PASSWORD);

    // Disable: every session ends, sign-in refused; enable again.
    await page.goto(`${svc.url}/admin/accounts/${citizenId}`);
    const beforeDisable = rp.logoutTokens.length;
    await page.getByRole('button', { name: '停用账号（立即注销其全部登录，拒绝登录）' }).click();
    await slow(() => page.locator('#account-status').textContent()).toBe('已停用');
    expect(await page.locator('.notice').textContent()).toBe('已停用，注销登录会话 1 个，已通知应用 1 个。');
    expect(rp.logoutTokens.length).toBe(beforeDisable + 1);
    await citizenIsRefused(NEW_PASSWORD);
    await page.getByRole('button', { name: '启用账号' }).click();
    await slow(() => page.locator('#account-status').textContent()).toBe('正常');
    const statusAudit = (await audit()).filter((r) => r.object === citizenId && /^account\.admin\.(disable|enable)$/.test(r.action));
    expect(statusAudit.map((x) => [x.action, JSON.parse(x.details).before.status, JSON.parse(x.details).after.status])).toEqual([
      ['account.admin.disable', 'active', 'disabled'], ['account.admin.enable', 'disabled', 'active'],
    ]);
    await citizenSignsInToApp(citizen, NEW_PASSWORD);
    await noViolations(page);

    // The sessions page: find the citizen, end every session.
    await page.goto(`${svc.url}/admin/sessions`);
    expect(await page.locator('h1').textContent()).toBe('登录会话');
    await noViolations(page);
    await search(page, 'phone', PHONE);
    await shot(page, 'sessions-search');
    await page.getByRole('link', { name: /查看\s*王\*民/ }).click();
    await page.waitForURL(new RegExp(`/admin/sessions/${citizenId}$`));
    expect(await page.locator('#sessions tbody tr').count()).toBe(1);
    await noViolations(page);
    await shot(page, 'sessions-record');
    const beforeAll = rp.logoutTokens.length;
    await page.getByRole('button', { name: '结束全部会话' }).click();
    await slow(() => page.locator('.notice').textContent()).toBe('已结束 1 个会话，已通知应用 1 个。');
    expect(await page.locator('#no-sessions').count()).toBe(1);
    expect(rp.logoutTokens.length).toBe(beforeAll + 1);

    // A locked-out legal person (too many wrong passwords under its credit code): cleared here.
    for (let i = 0; i < 5; i++) await svc.container.kv.increment(accountThrottleKey(`uscc:${CREDIT_CODE}`), 900);
    await page.goto(`${svc.url}/admin/sessions/${companyId}`);
    expect(await page.locator('#account-lockout').textContent()).toBe('已锁定（连续失败次数过多）');
    await noViolations(page);
    await page.getByRole('button', { name: '解除登录锁定' }).click();
    await slow(() => page.locator('#account-lockout').textContent()).toBe('未锁定');
    expect(await svc.container.kv.get(accountThrottleKey(`uscc:${CREDIT_CODE}`))).toBeNull();
    // Staff are found on the sessions page, not the citizens' page.
    await page.goto(`${svc.url}/admin/sessions`);
    await search(page, 'staffNumber', 'C001');
    expect(await row.textContent()).toContain('工作人员');
    expect((await page.goto(`${svc.url}/admin/accounts/${(await svc.container.identity.accounts.findByLogin('staff:C001'))!.id}`))?.status()).toBe(404);
    expect(errors).toEqual([]);

    // At 768×1024: every new page fits, tables scroll in their region, axe finds nothing.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [path, name] of [['/admin/accounts', 'accounts-768'], [`/admin/accounts/${citizenId}`, 'account-record-768'], ['/admin/sessions', 'sessions-768'], [`/admin/sessions/${companyId}`, 'sessions-record-768']]) {
      await page.goto(`${svc.url}${path}`);
      if (path === '/admin/accounts') await search(page, 'phone', PHONE);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as number;
      expect(overflow, path).toBeLessThanOrEqual(0);
      await noViolations(page);
      await shot(page, name as string);
    }
    await context.close();
    await citizen.close();
  }, 240_000);

  it('refuses the system and audit administrators these pages', async () => {
    for (const login of ['A001', 'AUD1']) {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      await adminSignIn(page, '/admin/accounts', login);
      for (const path of ['/admin/accounts', `/admin/accounts/${citizenId}`, '/admin/sessions', `/admin/sessions/${citizenId}`]) {
        const res = await page.goto(`${svc.url}${path}`);
        expect(res?.status(), `${login} ${path}`).toBe(403);
        expect(await page.locator('.error').textContent()).toContain('您的角色不能使用此页面');
      }
      if (login === 'A001') {
        // No link to them either.
        await page.goto(`${svc.url}/admin/staff`);
        expect(await page.locator('.admin-nav a[href="/admin/accounts"]').count()).toBe(0);
      }
      await context.close();
    }
  }, 120_000);
});
