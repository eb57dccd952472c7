// The verification page after a QR scan, on a phone (390×844) and a desktop (1280×800) in
// Chromium: the verdict is the first thing in view for a valid and a revoked licence, nothing
// scrolls sideways at 360 px with an answer or without one, and axe-core finds no violations in
// normal and large-text modes. Screenshots go to test-artifacts/browser/.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenceRecord } from '../../src/domain/licence.ts';
import { changeLicenceStatus } from '../../src/services/licences/change-licence-status.ts';
import { axeViolations } from '../support/axe.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { skipWithout } from '../support/tools.ts';
import { STAFF, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { serveVerification } from './verification-server.ts';
import type { VerificationServer } from './verification-server.ts';

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

describe.skipIf(skipWithout('the verdict on a phone and a desktop in Chromium', 'chromium'))('the verdict on a phone and a desktop', () => {
  let v: VerificationWorld;
  let svc: VerificationServer;
  let browser: Browser;
  let valid: LicenceRecord;
  let revoked: LicenceRecord;

  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    svc = await serveVerification(v);
    valid = await v.issueProof();
    revoked = await v.issueProof();
    await changeLicenceStatus(v.licenceDeps, { licenceId: revoked.id, action: 'revoke', reason: '依法吊销' }, STAFF);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await v?.cleanup();
  });

  async function open(size: { width: number; height: number }, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: size });
    const page = await context.newPage();
    await page.goto(`${svc.url}${path}`);
    return { page, close: () => context.close() };
  }

  const cases = [['VALID', () => valid, 'verdict-green'], ['REVOKED', () => revoked, 'verdict-red']] as const;

  for (const [result, licence, colour] of cases) {
    for (const [device, size] of Object.entries(SIZES)) {
      it(`a scanned ${result} licence on a ${device}: colour, word and what to do are inside the first viewport`, async () => {
        const { page, close } = await open(size, `/v/${licence().handle}`);
        expect(await page.locator('#result').getAttribute('data-result')).toBe(result);
        expect(await page.locator('.verdict').getAttribute('class')).toContain(colour);
        expect(await page.evaluate<number>('window.scrollY')).toBe(0);
        const box = await page.locator('.verdict').boundingBox();
        expect(box).not.toBeNull();
        const b = box!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(size.width);
        expect(b.y + b.height).toBeLessThanOrEqual(size.height);
        expect((await page.locator('.verdict .advice').textContent())?.length).toBeGreaterThan(3);
        await page.screenshot({ path: join(ARTIFACTS, `verdict-${result.toLowerCase()}-${device}.png`) });
        await close();
      }, 60_000);
    }
  }

  for (const [name, path] of [['with an answer', () => `/v/${revoked.handle}`], ['with an answer, large text', () => `/v/${revoked.handle}?large=1`], ['without one', () => '/verify'], ['without one, large text', () => '/verify?large=1']] as const) {
    it(`no sideways scrolling at 360 px ${name}`, async () => {
      const { page, close } = await open({ width: 360, height: 740 }, path());
      const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, window.innerWidth]');
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: join(ARTIFACTS, `verify-360-${name.replace(/\W+/g, '-')}.png`), fullPage: true });
      await close();
    }, 60_000);
  }

  for (const [result, licence] of cases) {
    for (const large of [false, true]) {
      it(`axe finds no violations on a ${result} answer${large ? ' in large text' : ''}`, async () => {
        const { page, close } = await open(SIZES.phone, `/v/${licence().handle}${large ? '?large=1' : ''}`);
        expect(await page.locator('#result').getAttribute('data-result')).toBe(result);
        expect(await axeViolations(page)).toEqual([]);
        await close();
      }, 60_000);
    }
  }
});
