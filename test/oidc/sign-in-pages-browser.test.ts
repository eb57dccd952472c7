// The sign-in pages in Chromium on a phone and a desktop, in standard and large text: tabs and
// buttons keep their words whole, nothing scrolls sideways at 360 px, axe finds no violations,
// and an error page's reference is in the access-log line of its request. Screenshots go to
// test-artifacts/browser/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RP = 'https://app.example.test';
const system = { id: 'system:test', kind: 'system' as const };
const TABS = ['password', 'sms', 'cert', 'qr'] as const;

/**
 * Tabs and buttons whose text breaks inside a word: a line break after a character that is neither
 * a space nor an opening bracket, before one that is neither a space nor a closing mark (密码登/录 is
 * a break inside a word; "Sign in with / my certificate" is not).
 */
function brokenLabels(page: Page): Promise<string[]> {
  // A string: the test compiles without the DOM types.
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const between = (a, b) => a === ' ' || b === ' ' || '（(“'.includes(a) || '）)，、。：:”'.includes(b);
    for (const el of document.querySelectorAll('[role="tab"], button')) {
      if (!el.offsetParent) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const text = node.textContent;
        let top = null;
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getClientRects()[0];
          if (!r || r.width === 0) continue;
          if (top !== null && Math.abs(r.top - top) > 2 && !between(text[i - 1], text[i])) out.push(el.textContent.trim() + ' (breaks at ' + i + ')');
          top = r.top;
        }
      }
    }
    return out;
  })()`);
}

function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate<string[]>(`axe.run().then((r) => r.violations.map((v) => v.id + ': ' + JSON.stringify(v.nodes.map((n) => n.target))))`);
}

describe.skipIf(skipWithout('sign-in pages in Chromium', 'chromium'))('sign-in pages in Chromium', () => {
  let svc: OidcTestService;
  let browser: Browser;
  let clientId: string;
  let config: oidc.Configuration;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    clientId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [`${RP}/cb`], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', 'profile'], fullIdNumber: false,
    }, system)).clientId;
    config = await oidc.discovery(new URL(svc.issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.stop();
  });

  /** A fresh sign-in's login page URL (the interaction the authorization request opened). */
  async function loginUrl(page: Page, lang: string): Promise<string> {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${RP}/cb`, scope: 'openid profile', state: oidc.randomState(), lang,
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    }).href;
    await page.goto(url);
    await page.locator('[role="tablist"]').waitFor();
    return page.url();
  }

  for (const [lang, locale] of [['zh', 'zh-CN'], ['en', 'en-GB']] as const) {
    for (const large of [false, true]) {
      it(`keeps tab and button words whole at 390 and 1280 px and fits 360 px (${lang}, ${large ? 'large' : 'standard'} text)`, async () => {
        const context = await browser.newContext({ locale });
        const page = await context.newPage();
        const base = new URL(await loginUrl(page, lang));
        base.searchParams.set('lang', lang);
        base.searchParams.set('large', large ? '1' : '0');
        const problems: string[] = [];
        for (const [width, height] of [[390, 844], [1280, 800], [360, 740]] as const) {
          await page.setViewportSize({ width, height });
          for (const tab of TABS) {
            base.searchParams.set('tab', tab);
            await page.goto(base.href);
            expect(await page.evaluate<boolean>("document.body.classList.contains('large')")).toBe(large);
            for (const b of await brokenLabels(page)) problems.push(`${width}px ${tab}: ${b}`);
            const scroll = await sidewaysScroll(page);
            if (scroll > 0) problems.push(`${width}px ${tab}: scrolls ${scroll}px sideways`);
            if (tab === 'password' || tab === 'sms') {
              await page.screenshot({ path: join(ARTIFACTS, `sign-in-${lang}-${large ? 'large' : 'standard'}-${width}-${tab}.png`), fullPage: true });
            }
          }
        }
        expect(problems).toEqual([]);
        base.searchParams.set('tab', 'password');
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(base.href);
        expect(await axeViolations(page)).toEqual([]);
        await context.close();
      }, 120_000);
    }
  }

  it('puts the reference an error page shows into the log line of its request', async () => {
    const logger = svc.container.logger as unknown as Record<'info' | 'warn' | 'error', (o: unknown, m?: string) => void>;
    const lines: Record<string, unknown>[] = [];
    const saved = { info: logger.info, warn: logger.warn, error: logger.error };
    for (const level of ['info', 'warn', 'error'] as const) {
      logger[level] = (o: unknown, m?: string) => { if (m === 'request') lines.push(o as Record<string, unknown>); };
    }
    const page = await browser.newPage({ locale: 'zh-CN' });
    try {
      // The provider's own error page (an unknown app), then a sign-in step whose interaction is gone.
      for (const [path, code] of [[`/oidc/auth?client_id=no-such-app&response_type=code&scope=openid`, null], ['/interaction/aaaaaaaaaaaaaaaaaaaaa', 'interaction_expired']] as const) {
        await page.goto(`${svc.url}${path}`);
        const ref = (await page.locator('#error-ref code').textContent())?.trim() ?? '';
        expect(ref).toMatch(/^[0-9a-f]{8}$/);
        if (code) expect(await page.locator('#error-what').getAttribute('data-code')).toBe(code);
        // What happened and what to do, in words.
        expect((await page.locator('#error-what').textContent())?.length).toBeGreaterThan(5);
        expect((await page.locator('#error-next').textContent())?.length).toBeGreaterThan(5);
        const line = lines.find((l) => typeof l.reqId === 'string' && l.reqId.startsWith(ref));
        expect(line, `log line for ${ref}`).toMatchObject({ path: path.split('?')[0] });
        expect(await sidewaysScroll(page)).toBe(0);
        await page.screenshot({ path: join(ARTIFACTS, `sign-in-error-${code ?? 'provider'}.png`), fullPage: true });
      }
      expect(await page.locator('#error-what').textContent()).toContain('已经失效');
    } finally {
      Object.assign(logger, saved);
      await page.close();
    }
  }, 60_000);
});
