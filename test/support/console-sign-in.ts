// Staff signing in to a console page (/admin/…) through the SSO's pages in Chromium: login and
// password, then the one-time password, enrolling the authenticator the page shows the first time
// (a later sign-in answers with the next step's code: the replay guard remembers the first).
// Business roles the sign-in asks no one-time password of go straight to the page.
import type { Page } from 'playwright-core';
import { totpCode } from './staff-admin.ts';

export const LOGIN_LABEL = '手机号 / 身份证号 / 统一社会信用代码 / 工号';

/** A sign-in for `base`'s pages with `password`; it remembers each login's authenticator. */
export function consoleSignIn(base: string, password: string) {
  const secrets = new Map<string, string>();
  return async (page: Page, path: string, login: string): Promise<void> => {
    await page.goto(`${base}${path}`);
    await page.getByLabel(LOGIN_LABEL).fill(login);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === path || u.pathname.endsWith('/totp'));
    if (!new URL(page.url()).pathname.endsWith('/totp')) return;
    const known = secrets.get(login);
    const secret = known ?? (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    secrets.set(login, secret);
    await page.getByLabel('动态口令（6位）').fill(totpCode(secret, known ? 1 : 0));
    await page.getByLabel('动态口令（6位）').press('Enter');
    await page.waitForURL((u) => u.pathname === path);
  };
}
