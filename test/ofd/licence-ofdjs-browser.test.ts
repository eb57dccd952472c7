// A licence OFD rendered by another team's reader: ofd.js (the npm package, 0.2.6, Apache-2.0,
// an OFD renderer to HTML/SVG by DLTech21), loaded in Chromium with the licence's bytes. Its page
// shows the licence's text, the QR code and the seal drawn from the SES signature in
// Doc_0/Signs; the QR code decoded from the screenshot is the licence's verification URL, and
// checking the licence it names says VALID, as does the uploaded file.
// Screenshot: test-artifacts/browser/licence-ofdjs.png.
// (ofd.js 1.5.0, the newer release, puts its renderer behind a WebAssembly core that refuses every
// file without a vendor's licence key; 0.2.6 is the last release that renders on its own.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLicence } from '../../src/services/licences/issue-licence.ts';
import { verifyLicenceByHandle } from '../../src/services/verification/verify-licence-by-handle.ts';
import { verifyUpload } from '../../src/services/verification/verify-upload.ts';
import { ARTIFACTS, launchChromium } from '../support/chromium.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { skipWithout } from '../support/tools.ts';
import { ISSUER } from '../services/licences/licence-kit.ts';
import { PUBLIC, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { templateRequests } from './licence-requests.ts';

const STAFF = { id: 's_officer', kind: 'staff' } as const;
const BUNDLE = new URL('../../node_modules/ofd.js/lib/ofd.umd.min.js', import.meta.url).pathname;
const WIDTH = 1400;

describe.skipIf(skipWithout('the licence OFD in ofd.js', 'chromium'))('a licence OFD rendered by ofd.js in Chromium', () => {
  const backend = sqlBackends[0]!;
  let v: VerificationWorld;
  let browser: Browser;
  beforeAll(async () => {
    v = await verificationWorld(backend);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await v?.cleanup();
  });

  /** The QR code in a screenshot, read by jsQR in a page of its own from the PNG's pixels. */
  async function decodeQr(png: Buffer): Promise<string | null> {
    const page = await browser.newPage();
    await page.addScriptTag({ content: readFileSync(new URL('../../node_modules/jsqr/dist/jsQR.js', import.meta.url), 'utf8') });
    const text = await page.evaluate(`new Promise((resolve) => {
      const img = new Image();
      img.onload = () => {
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const code = jsQR(g.getImageData(0, 0, c.width, c.height).data, c.width, c.height);
        resolve(code ? code.data : null);
      };
      img.src = 'data:image/png;base64,${png.toString('base64')}';
    })`) as string | null;
    await page.close();
    return text;
  }

  it('shows the text, the QR code and the seal, and the QR code in the screenshot is the verification URL', async () => {
    const req = templateRequests()[0]!;
    const issued = await issueLicence(v.licenceDeps, { typeCode: req.typeCode, issuer: ISSUER, data: req.data }, STAFF);
    const ofd = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.ofd)))!.bytes;
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"><div id="ofd"></div></body></html>');
    await page.addScriptTag({ content: readFileSync(BUNDLE, 'utf8') });
    const out = await page.evaluate(`new Promise((resolve) => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(ofd).toString('base64'))}), (c) => c.charCodeAt(0));
      ofd.parseOfdDocument({
        ofd: bytes.buffer,
        success(res) {
          const divs = ofd.renderOfd(${WIDTH}, res[0]);
          for (const d of divs) document.getElementById('ofd').appendChild(d);
          resolve({ pages: divs.length, seals: document.querySelectorAll('[name=seal_img_div]').length, sealImages: [...document.querySelectorAll('[name=seal_img_div] image')].map((i) => (i.getAttribute('href') || i.getAttribute('xlink:href') || '').slice(0, 40)), text: document.body.innerText.replace(/\\s+/g, '') });
        },
        fail(e) { resolve({ error: String(e && e.message || e) }); },
      });
    })`) as { pages?: number; seals?: number; sealImages?: string[]; text?: string; error?: string };
    await page.waitForTimeout(500);
    const shot = await page.screenshot({ path: join(ARTIFACTS, 'licence-ofdjs.png'), fullPage: true });
    await page.close();
    expect(out.error, errors.join('\n')).toBeUndefined();
    expect(out.pages).toBe(1);
    expect(out.seals).toBe(1);
    // ofd.js places each glyph on its own, so the text is compared without white space.
    for (const s of req.expect) expect(out.text).toContain(s.replace(/\s+/g, ''));
    expect(out.sealImages).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
    const qr = await decodeQr(shot);
    expect(qr).toBe(issued.verificationUrl);
    const handle = new URL(qr!).pathname.split('/').pop()!;
    expect((await verifyLicenceByHandle(v.deps, { handle }, PUBLIC)).verdict.result).toBe('VALID');
    expect((await verifyUpload(v.deps, ofd, PUBLIC)).verdict.result).toBe('VALID');
  }, 90_000);
});
