// The self-service account pages in Chromium, on a phone (390×844) and a desktop window
// (1280×800): a citizen adds an authenticator (the next sign-in asks for it) and removes it; ends
// another device's session from the sessions page (the app of that session receives a
// back-channel logout token naming its sid and sub, and its refresh token stops working); ends
// all other sessions; withdraws an app's consent (the app's refresh token then fails with
// invalid_grant); reads the sign-in history (a failed attempt, the address's host hidden); signs
// out. Then axe-core walks every account page in normal and large-text modes. Screenshots go to
// test-artifacts/browser/.
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { axeViolations } from '../support/axe.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { startOidcService, startTestRelyingParty } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { skipWithout } from '../support/tools.ts';

const PASSWORD = 'Self-Service-0401';
const system = { id: 'system:test', kind: 'system' as const };
const SCREENS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, phone: '13800000401' },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, phone: '13800000402' },
] as const;
/** The machine is shared: a page may take a few seconds. */
const SLOW = { timeout: 15_000 };
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe.skipIf(skipWithout('account self-service in Chromium', 'chromium'))('account self-service in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let rp: Awaited<ReturnType<typeof startTestRelyingParty>>;
  let rpConfig: oidc.Configuration;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    for (const s of SCREENS) {
      await createAccount(c.identity, { kind: 'citizen', name: '王自助', idNumber: null, phone: s.phone, password: PASSWORD, assurance: 'L1' }, system);
    }
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
  const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
  /** A current code whose time step no earlier use took (a code is accepted once). */
  const freshCode = (secret: string, used: Set<number>) => {
    for (const offset of [0, 1, -1]) {
      const step = Math.floor(Date.now() / 30_000) + offset;
      if (!used.has(step)) {
        used.add(step);
        return totpCode(secret, offset);
      }
    }
    throw new Error('no fresh step');
  };
  const accountIdOf = async (phone: string) => (await svc.container.identity.accounts.findByLogin(`phone:${phone}`))!.id;

  async function fillSignIn(page: Page, phone: string, password: string): Promise<void> {
    await page.getByLabel('手机号 / 身份证号 / 统一社会信用代码 / 工号').fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** The test app's sign-in in a browser context of its own: its tokens and ID token claims. */
  async function signInToApp(context: BrowserContext, phone: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rpConfig, {
      redirect_uri: `${rp.url}/cb`, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const page = await context.newPage();
    await page.goto(url.href);
    await fillSignIn(page, phone, PASSWORD);
    await page.waitForURL((u) => u.href.startsWith(`${rp.url}/cb`));
    const tokens = await oidc.authorizationCodeGrant(rpConfig, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
    await page.close();
    return { tokens, claims: tokens.claims()! };
  }

  async function signInToAccount(context: BrowserContext, phone: string, path = '/account'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${svc.url}${path}`);
    await fillSignIn(page, phone, PASSWORD);
    await page.waitForURL((u) => u.pathname === path);
    return page;
  }

  for (const screen of SCREENS) {
    it(`${screen.name}: authenticator, sessions with back-channel logout, consent withdrawal, history, sign-out`, async () => {
      const newContext = () => browser.newContext({ locale: 'zh-CN', viewport: screen.viewport, isMobile: screen.isMobile, hasTouch: screen.hasTouch });
      const accountId = await accountIdOf(screen.phone);
      const audited = async (action: string) => (await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action === action && (r.object === accountId || r.actorId === accountId));

      // A wrong password first, for the history.
      const wrong = await (await newContext()).newPage();
      await wrong.goto(`${svc.url}/account`);
      await fillSignIn(wrong, screen.phone, 'not the password');
      await expect.poll(() => wrong.locator('.error').count(), SLOW).toBeGreaterThan(0);
      await wrong.context().close();

      // Another device signs in to the test app.
      const other = await newContext();
      const first = await signInToApp(other, screen.phone);
      expect(first.tokens.refresh_token).toBeTruthy();

      // This device: the account pages.
      const here = await newContext();
      const page = await signInToAccount(here, screen.phone);
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
      expect(await page.locator('#sign-out').isVisible()).toBe(true);
      for (const id of ['go-security', 'go-sessions', 'go-apps', 'go-history']) expect(await page.locator(`#${id}`).isVisible()).toBe(true);
      await shot(page, `account-overview-${screen.name}`);

      // Add an authenticator: just signed in, so no password is asked; the QR code is an image drawn on the server.
      await page.locator('#go-security').click();
      await page.waitForURL(/\/account\/security$/);
      await page.getByRole('button', { name: '添加身份验证器' }).click();
      await expect.poll(() => page.locator('#totp-secret').count(), SLOW).toBe(1);
      expect(await page.locator('img[alt="动态口令二维码"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `account-totp-scan-${screen.name}`);
      const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
      await page.getByLabel('6位动态口令').fill(totpCode(secret, 4));
      await page.getByRole('button', { name: '确认启用' }).click();
      await expect.poll(() => page.locator('.error').textContent(), SLOW).toBe('动态口令错误，请重试。');
      const used = new Set<number>();
      await page.getByLabel('6位动态口令').fill(freshCode(secret, used));
      await page.getByRole('button', { name: '确认启用' }).click();
      await expect.poll(() => page.locator('.notice').textContent(), SLOW).toBe('动态口令已启用。下次登录时请准备好身份验证器。');
      expect((await svc.container.identity.accounts.findById(accountId))?.totpSealed).toBeTruthy();
      await shot(page, `account-totp-on-${screen.name}`);

      // The next sign-in (a third device) asks for a one-time password after the password.
      const third = await newContext();
      const asked = await third.newPage();
      await asked.goto(`${svc.url}/account`);
      await fillSignIn(asked, screen.phone, PASSWORD);
      await asked.waitForURL(/\/totp$/);
      await asked.getByLabel('动态口令（6位）').fill(freshCode(secret, used));
      await asked.getByRole('button', { name: '登录' }).click();
      await asked.waitForURL(/\/account$/);
      expect(await asked.locator('#account-name').textContent()).toBe('王自助');

      // Remove it with a current code.
      await page.getByLabel('6位动态口令').fill(freshCode(secret, used));
      await page.getByRole('button', { name: '用动态口令停用' }).click();
      await expect.poll(() => page.locator('.notice').textContent(), SLOW).toBe('动态口令已停用。');
      expect((await svc.container.identity.accounts.findById(accountId))?.totpSealed).toBeNull();
      expect((await audited('account.totp.enrol')).map((r) => r.outcome)).toEqual(['failure', 'success']);
      expect((await audited('account.totp.remove')).map((r) => r.outcome)).toEqual(['success']);

      // Sessions: three, this one first and marked; end the other device's session.
      await page.locator('#back-to-account').click();
      await page.locator('#go-sessions').click();
      await page.waitForURL(/\/account\/sessions$/);
      const items = page.locator('ul.account-list > li');
      expect(await items.count()).toBe(3);
      expect(await items.first().getAttribute('data-current')).toBe('true');
      expect(await items.first().textContent()).toContain('当前设备');
      expect(await items.first().textContent()).toContain('127.0.0.*');
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `account-sessions-${screen.name}`);
      const before = rp.logoutTokens.length;
      await page.locator('li', { hasText: '城市服务测试应用' }).getByRole('button', { name: '结束此会话' }).click();
      await expect.poll(() => page.locator('.notice').first().textContent(), SLOW).toBe('已结束 1 个会话，相关应用已收到退出通知。');
      expect(rp.logoutTokens.length).toBe(before + 1);
      const { payload } = await jwtVerify(rp.logoutTokens[before]!, createRemoteJWKSet(new URL(`${svc.issuer}/jwks`)), { issuer: svc.issuer, audience: rpConfig.clientMetadata().client_id });
      expect(payload.events).toHaveProperty([BACKCHANNEL_EVENT]);
      expect(payload.sid).toBe(first.claims.sid);
      expect(payload.sub).toBe(first.claims.sub);
      await expect(oidc.refreshTokenGrant(rpConfig, first.tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
      expect(await items.count()).toBe(2);
      expect((await audited('account.session.end')).at(-1)?.details).toContain('"sessions":1');

      // End all others: the third device's session goes, this one stays.
      await page.getByRole('button', { name: '结束其他所有会话' }).click();
      await expect.poll(() => items.count(), SLOW).toBe(1);
      expect(await page.locator('.notice').first().textContent()).toBe('已结束 1 个会话，相关应用已收到退出通知。');
      await asked.goto(`${svc.url}/account`);
      await asked.waitForURL(/\/interaction\//);
      await third.close();

      // Consent: the app signs in again from the other device; withdrawing it stops its refresh token.
      const second = await signInToApp(other, screen.phone);
      const refreshed = await oidc.refreshTokenGrant(rpConfig, second.tokens.refresh_token as string);
      expect(refreshed.refresh_token).toBeTruthy();
      await page.goto(`${svc.url}/account/apps`);
      const app = page.locator('li', { hasText: '城市服务测试应用' });
      expect(await app.textContent()).toContain('姓名');
      // yinxin's own account pages are listed but cannot be withdrawn.
      expect(await page.locator('li', { hasText: '我的账号' }).getByRole('button').count()).toBe(0);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `account-apps-${screen.name}`);
      await app.getByRole('button', { name: '撤销授权' }).click();
      await expect.poll(() => page.locator('.notice').first().textContent(), SLOW).toBe('已撤销授权，该应用已无法继续使用您的账号。');
      expect(await page.locator('li', { hasText: '城市服务测试应用' }).count()).toBe(0);
      await expect(oidc.refreshTokenGrant(rpConfig, refreshed.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
      expect((await svc.container.auditStore.page(0, 100_000)).filter((r) => r.action === 'consent.withdraw' && r.actorId === accountId).map((r) => r.outcome)).toEqual(['success']);
      // A forged withdrawal of the pages' own consent is refused.
      await page.goto(`${svc.url}/account`);
      const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
      expect((await page.request.post(`${svc.url}/account/apps/withdraw`, { form: { csrf: csrf!, client: 'yinxin-account' } })).status()).toBe(403);
      await other.close();

      // History: newest first, the failed attempt among them, addresses with their host hidden.
      await page.goto(`${svc.url}/account/history`);
      const rows = page.locator('#sign-in-history > li');
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      expect(await page.locator('#sign-in-history > li[data-outcome="failure"]').count()).toBeGreaterThanOrEqual(1);
      expect(await rows.first().textContent()).toContain('127.0.0.*');
      expect(await page.locator('#sign-in-history').textContent()).not.toContain('127.0.0.1');
      const times = await page.locator('#sign-in-history time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
      expect([...times].sort().reverse()).toEqual(times);
      expect(await fitsWidth(page)).toBe(true);
      await shot(page, `account-history-${screen.name}`);

      // Sign out: the SSO session and the page session end; the pages ask to sign in again.
      await page.goto(`${svc.url}/account`);
      await page.locator('#sign-out').click();
      await page.waitForSelector('#signed-out');
      const left = await svc.container.ownAccount.sessions.list(accountId);
      expect(left.flatMap((x) => x.apps.map((a) => a.clientId))).not.toContain('yinxin-account');
      await page.goto(`${svc.url}/account`);
      await page.waitForURL(/\/interaction\//);
      expect(await page.getByLabel('密码').isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await here.close();
    }, 180_000);
  }

  it('every account page passes axe-core in normal and large-text modes, and fits a 360 px screen', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await signInToAccount(context, SCREENS[0].phone);
    const found: Record<string, unknown> = {};
    for (const large of ['0', '1']) {
      for (const path of ['/account', '/account/password', '/account/security', '/account/sessions', '/account/apps', '/account/history']) {
        await page.goto(`${svc.url}${path}?large=${large}`);
        expect(new URL(page.url()).pathname).toBe(path);
        const violations = await axeViolations(page);
        if (violations.length) found[`${path} large=${large}`] = violations;
        if (!(await fitsWidth(page))) found[`${path} large=${large} width`] = 'wider than 360 px';
      }
      await shot(page, `account-history-large-${large}`);
    }
    expect(found).toEqual({});
    await context.close();
  }, 120_000);
});
