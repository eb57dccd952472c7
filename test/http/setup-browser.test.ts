// From an empty database to a working app, as an operator and the first administrator do it: the
// setup use case creates the organisation and the administrator; in Chromium the administrator
// opens the home page, goes to administration, signs in with the initial password, replaces it,
// enrols a one-time password, registers an app on the app administration page; then that app
// signs the administrator in with openid-client. Screenshots of the home page on a phone and a
// desktop go to test-artifacts/browser/.
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganisation } from '../../src/services/staff/set-up-organisation.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { totpCode } from '../support/staff-admin.ts';
import { skipWithout } from '../support/tools.ts';

const noChromium = skipWithout('the first administrator from an empty database in Chromium', 'chromium');
const APP_CB = 'https://app.example.gov.cn/cb';
const NEW_PASSWORD = 'first admin chose this 1';
const operator = { id: 'os:operator', kind: 'system' as const, clientIp: null, requestId: null };

describe('from an empty database to a signed-in app', () => {
  let svc: OidcTestService;
  let browser: Browser | undefined;

  beforeAll(async () => {
    svc = await startOidcService();
    if (!noChromium) browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it.skipIf(noChromium)('sets up, signs the administrator in with a new password and a one-time password, registers an app that signs in', async () => {
    expect(await svc.container.identity.accounts.departments()).toEqual([]);
    const out = await setUpOrganisation(svc.container.staff, {
      orgName: '某市人民政府', creditCode: '11330100MB0000001R', admin: { staffNumber: 'A001', name: '王管理', phone: null },
    }, operator);
    const initial = out.createdAdmin?.initialPassword as string;

    const context = await (browser as Browser).newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught/.test(m.text())) errors.push(m.text()); });
    await page.goto(`${svc.url}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('某市人民政府');
    expect(await page.locator('#issuer').textContent()).toBe(`${svc.url}/oidc`);
    await page.screenshot({ path: join(ARTIFACTS, 'home-390.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'home-1280.png'), fullPage: true });

    // Administration → the sign-in page → a new password → an authenticator → the staff pages.
    await page.click('#go-admin');
    await page.waitForSelector('#password');
    await page.fill('#login', 'A001');
    await page.fill('#password', initial);
    await page.locator('form:has(#password) button[type=submit]').click();
    await page.waitForSelector('#new-password');
    await page.fill('#new-password', NEW_PASSWORD);
    await page.fill('#new-password-confirm', NEW_PASSWORD);
    await page.locator('form:has(#new-password) button[type=submit]').click();
    await page.waitForSelector('#totp-secret');
    const secret = ((await page.locator('#totp-secret').textContent()) as string).replace(/\s+/g, '');
    await page.fill('#otp', totpCode(secret));
    await page.locator('form:has(#otp) button[type=submit]').click();
    await page.waitForURL(`${svc.url}/admin/staff`);
    await expect.poll(() => page.locator('main').textContent()).toContain('A001');

    // The apps page is in the same console and page session, and registers an app.
    await page.goto(`${svc.url}/admin/apps`);
    await page.locator('#n-name').fill('不动产登记');
    await page.locator('#n-redirects').fill(APP_CB);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await expect.poll(() => page.locator('#shown-secret').textContent(), { timeout: 20_000 }).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const clientId = /[A-Za-z0-9_-]{16,}$/.exec(((await page.locator('.notice').first().textContent()) as string).trim())?.[0] as string;
    const clientSecret = (await page.locator('#shown-secret').textContent()) as string;
    expect(errors).toEqual([]);
    await context.close();

    // The new app signs the administrator in: password, one-time password, consent, tokens.
    const config = await oidc.discovery(new URL(`${svc.url}/oidc`), clientId, { client_secret: clientSecret }, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const ua = new UserAgent();
    let step = await ua.follow(oidc.buildAuthorizationUrl(config, {
      redirect_uri: APP_CB, scope: 'openid profile', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    }).href, APP_CB);
    const login = await step.res.text();
    step = await ua.follow(new URL(formAction(login, '/login'), svc.url).href, APP_CB, { form: { csrf: csrfOf(login), login: 'A001', password: NEW_PASSWORD } });
    const totp = await step.res.text();
    expect(step.url).toMatch(/\/totp$/);
    step = await ua.follow(new URL(formAction(totp, '/totp'), svc.url).href, APP_CB, { form: { csrf: csrfOf(totp), otp: totpCode(secret, 1) } });
    if (!step.url.startsWith(APP_CB)) {
      const consent = await step.res.text();
      expect(consent).toContain('不动产登记');
      step = await ua.follow(new URL(formAction(consent, '/confirm'), svc.url).href, APP_CB, { form: { csrf: csrfOf(consent) } });
    }
    expect(step.url.startsWith(APP_CB)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(step.url), { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()).toMatchObject({ iss: `${svc.url}/oidc`, aud: clientId, acr: expect.stringMatching(/-mfa$/) });
    expect(tokens.claims()?.amr).toEqual(expect.arrayContaining(['pwd', 'otp']));
  }, 180_000);
});
