// Citizen registration in a real browser (Chromium through playwright-core): from the login page's
// link through the texted code to the app's callback. Screenshots go to test-artifacts/browser/.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { freePort, startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PHONE = '13500000001';
const system = { id: 'system:test', kind: 'system' as const };

describe.skipIf(skipWithout('registration in Chromium', 'chromium'))('registration in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let rp: Server;
  let rpUrl: string;
  let clientId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const port = await freePort();
    rpUrl = `http://127.0.0.1:${port}`;
    rp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('signed in'));
    await new Promise<void>((r) => rp.listen(port, '127.0.0.1', r));
    const c = svc.container;
    clientId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [`${rpUrl}/cb`], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system)).clientId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => rp?.close(r));
    await svc?.stop();
  });

  it('registers from the login page with a texted code and lands at the app signed in', async () => {
    const config = await oidc.discovery(new URL(svc.issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rpUrl}/cb`, scope: 'openid profile', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    }).href;
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await page.goto(url);
    await page.getByRole('link', { name: '没有账号？立即注册' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('注册统一身份认证账号');
    await page.locator('#reg-phone-send').fill(PHONE);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect.poll(() => page.locator('p.notice').textContent()).toContain('验证码已发送');
    const sms = (svc.container.identity.sms as unknown as { sent: Map<string, string> }).sent;
    const code = /(\d{6})/.exec(sms.get(PHONE) ?? '')?.[1] as string;
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('姓名').fill('浏览器用户');
    await page.getByLabel('设置密码（至少8位）').fill('browser registration 1');
    await page.getByLabel('身份证号（选填，实名核验时使用）').fill('110105198001010017');
    await page.screenshot({ path: join(ARTIFACTS, 'registration.png'), fullPage: true });
    await page.getByRole('button', { name: '注册并登录' }).click();
    // A wrong check character is refused on the page, the code still good for the corrected form.
    await expect.poll(() => page.locator('p.error').textContent()).toContain('校验位');
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('姓名').fill('浏览器用户');
    await page.getByLabel('设置密码（至少8位）').fill('browser registration 1');
    await page.getByLabel('身份证号（选填，实名核验时使用）').fill('110105198001010016');
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.waitForURL(`${rpUrl}/cb**`);
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    expect(await svc.container.identity.accounts.findByLogin(`phone:${PHONE}`)).toMatchObject({ name: '浏览器用户', assurance: 'L1' });
    expect(errors).toEqual([]);
  }, 60_000);
});
