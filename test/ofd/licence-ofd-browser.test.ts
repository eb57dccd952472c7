// A licence OFD read outside our code, in Chromium: its embedded font subsets load through the
// browser's own font sanitiser (OTS) and draw the licence's text; its page (Content.xml read by
// the browser's XML parser, path and text objects drawn as SVG by the small viewer below) shows
// a QR code that jsQR decodes to the licence's verification URL (viewer: ofd-viewer.browser.js). Screenshot:
// test-artifacts/browser/licence-ofd.png.
// Another team's renderer, ofd.js, draws the same file in licence-ofdjs-browser.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLicence } from '../../src/services/licences/issue-licence.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { skipWithout } from '../support/tools.ts';
import { ISSUER, makeLicenceKit } from '../services/licences/licence-kit.ts';
import type { LicenceKit } from '../services/licences/licence-kit.ts';
import { templateRequests } from './licence-requests.ts';

const STAFF = { id: 's_officer', kind: 'staff' } as const;
const PX_PER_MM = 5;

describe.skipIf(skipWithout('the licence OFD in Chromium', 'chromium'))('a licence OFD read in Chromium', () => {
  const backend = sqlBackends[0]!;
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  let browser: Browser;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await db?.cleanup();
  });

  it('its fonts load through the browser\'s sanitiser, its text and QR code show, and the QR code is the verification URL', async () => {
    const req = templateRequests()[0]!;
    const issued = await issueLicence(kit.deps, { typeCode: req.typeCode, issuer: ISSUER, data: req.data }, STAFF);
    const ofd = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.ofd)))!.bytes;
    const files = unzipSync(ofd);
    const page = await browser.newPage({ viewport: { width: 297 * PX_PER_MM, height: 210 * PX_PER_MM } });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"></body></html>');
    await page.addScriptTag({ content: readFileSync(new URL('../../node_modules/jsqr/dist/jsQR.js', import.meta.url), 'utf8') });
    await page.addScriptTag({ content: readFileSync(new URL('./ofd-viewer.browser.js', import.meta.url), 'utf8') });
    const out = await page.evaluate(`drawOfdPage(${JSON.stringify({
      content: Buffer.from(files['Doc_0/Pages/Page_0/Content.xml']!).toString('utf8'),
      fonts: [Buffer.from(files['Doc_0/Res/font_0.ttf']!).toString('base64'), Buffer.from(files['Doc_0/Res/font_1.ttf']!).toString('base64')],
      width: 297, height: 210, scale: PX_PER_MM,
    })})`) as { fontsLoaded: number; qr: string | null; texts: string[] };
    await page.screenshot({ path: join(ARTIFACTS, 'licence-ofd.png'), fullPage: true });
    await page.close();
    expect(out.fontsLoaded).toBe(2);
    for (const s of req.expect) expect(out.texts.join('\n')).toContain(s);
    expect(out.qr).toBe(issued.verificationUrl);
  }, 60_000);
});
