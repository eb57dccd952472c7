// The public pages anyone reaches without signing in — the home page, the verification form, the
// API reference, forgot password, the signed-out holder page and an error page — in Chromium at
// 390×844, in normal and large text, Chinese and English: axe-core finds no violations, and at
// 360 px nothing scrolls sideways. (Pages behind a sign-in have their own browser tests.)
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { skipWithout } from '../support/tools.ts';

const PAGES = [
  ['home', '/'],
  ['verify', '/verify'],
  ['api-docs', '/api/docs'],
  ['forgot', '/account/forgot'],
  ['holder', '/holder'],
  ['not-found', '/no-such-page'],
] as const;

describe.skipIf(skipWithout('the public pages in Chromium', 'chromium'))('the public pages', () => {
  let svc: OidcTestService;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startOidcService();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  for (const [name, path] of PAGES) {
    for (const large of [0, 1]) {
      it(`${name}${large ? ' in large text' : ''}: no axe violations in Chinese and English, no sideways scrolling at 360 px`, async () => {
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, acceptDownloads: false });
        const page = await context.newPage();
        try {
          for (const lang of ['zh', 'en']) {
            await page.setViewportSize({ width: 390, height: 844 });
            await page.goto(`${svc.url}${path}?lang=${lang}&large=${large}`);
            expect(await page.locator('h1').count(), `${path} ${lang}`).toBeGreaterThan(0);
            expect(await axeViolations(page), `${path} ${lang}`).toEqual([]);
            await page.setViewportSize({ width: 360, height: 740 });
            expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${path} ${lang}`).toBeLessThanOrEqual(360);
          }
          await page.screenshot({ path: join(ARTIFACTS, `public-${name}-360${large ? '-large' : ''}.png`) });
        } finally {
          await context.close();
        }
      }, 60_000);
    }
  }
});
