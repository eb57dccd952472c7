// The verification page in a real browser (Chromium through playwright-core): a typed identifier,
// a typed 8-character share code, an uploaded sealed licence PDF, large-text mode, and camera
// scanning: jsQR and the page script load from this origin without CSP errors, and a licence QR
// code shown to a fake camera (Chromium plays a Y4M file as the camera) is read and checked.
// Screenshots go to test-artifacts/verify/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenceRecord } from '../../src/domain/licence.ts';
import { createLicenceShare } from '../../src/services/licences/create-licence-share.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { CHROMIUM } from '../support/chromium.ts';
import { skipWithout } from '../support/tools.ts';
import { renderRgba } from '../support/qr-from-pdf.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { serveVerification } from './verification-server.ts';
import type { VerificationServer } from './verification-server.ts';

const jsQR = jsQRModule.default;
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/verify/', import.meta.url));
const W = 640;
const H = 480;

/**
 * One 640×480 Y4M frame showing the QR code of page 1 of `pdf`, as a phone camera held over the
 * printed licence would see it (grey, the code filling most of the height). Resampling can blur
 * a module boundary for some codes (each licence has its own), so the frame is the first of a few
 * sizes that jsQR, the page's own decoder, reads on this side.
 */
function cameraFrameOfPdf(pdf: Uint8Array): Buffer {
  const page = renderRgba(pdf, 200);
  const found = jsQR(page.rgba, page.width, page.height);
  if (found === null) throw new Error('no QR code on the page');
  const corners = [found.location.topLeftCorner, found.location.topRightCorner, found.location.bottomLeftCorner, found.location.bottomRightCorner];
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const side = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) * 1.5;
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  for (const box of [440, 400, 420, 380, 460, 360]) {
    const y = Buffer.alloc(W * H, 235);
    for (let row = 0; row < box; row++) {
      for (let col = 0; col < box; col++) {
        const sx = Math.round(cx - side / 2 + (col * side) / box);
        const sy = Math.round(cy - side / 2 + (row * side) / box);
        if (sx < 0 || sy < 0 || sx >= page.width || sy >= page.height) continue;
        const i = (sy * page.width + sx) * 4;
        const luma = 0.299 * (page.rgba[i] as number) + 0.587 * (page.rgba[i + 1] as number) + 0.114 * (page.rgba[i + 2] as number);
        y[(row + Math.floor((H - box) / 2)) * W + col + Math.floor((W - box) / 2)] = Math.round(luma);
      }
    }
    const grey = new Uint8ClampedArray(W * H * 4);
    for (let i = 0; i < W * H; i++) grey.fill(y[i] as number, i * 4, i * 4 + 3).fill(255, i * 4 + 3, i * 4 + 4);
    if (jsQR(grey, W, H, { inversionAttempts: 'dontInvert' })?.data !== found.data) continue;
    const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
    return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma, chroma]);
  }
  throw new Error('no frame size gives a QR code jsQR reads');
}

describe.skipIf(skipWithout('the verification page in Chromium (its camera frame is rendered by pdftoppm)', 'chromium', 'pdftoppm'))('the verification page in Chromium', () => {
  let v: VerificationWorld;
  let svc: VerificationServer;
  let browser: Browser;
  let licence: LicenceRecord;
  let pdf: Uint8Array;
  let dir: string;

  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    svc = await serveVerification(v);
    licence = await v.issueProof();
    pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf)))!.bytes;
    dir = mkdtempSync(join(tmpdir(), 'yinxin-camera-'));
    const camera = join(dir, 'camera.y4m');
    writeFileSync(camera, cameraFrameOfPdf(pdf));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`,
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    await v?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** A page that collects CSP refusals and script errors (the browser's own favicon request 404s). */
  async function openPage(locale = 'zh-CN'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ locale, viewport: { width: 414, height: 896 } });
    await context.grantPermissions(['camera'], { origin: svc.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' && /Refused|Uncaught|Content Security Policy/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors, close: () => context.close() };
  }

  it('typed identifier and typed 8-character share code give a green VALID', async () => {
    const { page, errors, close } = await openPage();
    await page.goto(`${svc.url}/verify`);
    await shot(page, 'empty');
    await page.getByLabel('证照编码、核验码或核验链接').fill(licence.identifier);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    await page.waitForURL(/\/verify\?q=/);
    expect(await page.locator('#result').getAttribute('data-result')).toBe('VALID');
    expect(await page.locator('.verdict').getAttribute('class')).toContain('verdict-green');
    await shot(page, 'typed-identifier-valid');

    const holder = { accountId: 'c_holder', kind: 'citizen' as const, holderKeys: [licence.holderKey] };
    const { share } = await createLicenceShare(v.licenceDeps, holder, { licenceId: licence.id, fields: ['name'], purpose: '入职审查', lifetimeSeconds: 300 });
    expect(share.code.replace(/[\s-]/g, '')).toHaveLength(8);
    await page.getByLabel('证照编码、核验码或核验链接').fill(share.code);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.checks').textContent()).toContain('SHARE_OK');
    expect(await page.locator('#result').getAttribute('data-result')).toBe('VALID');
    // The field the holder chose is shown in full.
    expect(await page.locator('.facts').first().textContent()).toContain('张某三');
    await shot(page, 'typed-share-code-valid');
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('uploading the sealed licence PDF gives a green VALID', async () => {
    const { page, errors, close } = await openPage();
    await page.goto(`${svc.url}/verify`);
    await page.setInputFiles('#file', { name: 'licence.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.getByRole('button', { name: '上传并核验' }).click();
    await expect.poll(() => page.locator('#result').getAttribute('data-result')).toBe('VALID');
    expect(await page.locator('.verdict').getAttribute('class')).toContain('verdict-green');
    expect(await page.locator('.checks').textContent()).toContain('电子签章有效。');
    await shot(page, 'upload-valid');
    expect(errors).toEqual([]);
    await close();
  }, 60_000);

  it('large-text mode, in English', async () => {
    const { page, close } = await openPage('en-GB');
    await page.goto(`${svc.url}/v/${licence.handle}`);
    expect(await page.locator('#result').textContent()).toBe('Valid');
    const normal = await page.evaluate<string>('getComputedStyle(document.body).fontSize');
    await page.getByRole('link', { name: 'Large text' }).click();
    await page.waitForURL(/large=1/);
    expect(await page.locator('body').getAttribute('class')).toContain('large');
    const large = await page.evaluate<string>('getComputedStyle(document.body).fontSize');
    expect(parseFloat(large)).toBeGreaterThanOrEqual(1.4 * parseFloat(normal));
    await shot(page, 'large-text-valid');
    await close();
  }, 60_000);

  it('camera scanning: jsQR and the page script load from this origin with no CSP error, and a QR code held to the camera is checked', async () => {
    const { page, errors, close } = await openPage();
    const scripts: string[] = [];
    page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(`${r.status()} ${new URL(r.url()).pathname}`); });
    await page.goto(`${svc.url}/verify`);
    await expect.poll(() => page.evaluate<string>('typeof window.jsQR')).toBe('function');
    expect(scripts.sort()).toEqual(['200 /static/jsqr.js', '200 /static/verify-scan.js']);
    const scan = page.getByRole('button', { name: '用摄像头扫码' });
    await expect.poll(() => scan.isVisible()).toBe(true);
    await scan.click();
    await page.waitForURL(/\/verify\?q=/, { timeout: 45_000 }).catch(async (e: unknown) => {
      // Say what the page saw: the status line and the state of the camera's video element.
      const state = await page.evaluate<string>(`JSON.stringify({ status: document.getElementById('scan-status')?.textContent, ready: document.getElementById('scan-video')?.readyState, width: document.getElementById('scan-video')?.videoWidth })`).catch(() => 'unreadable');
      throw new Error(`no scan within 45 s: ${state}`, { cause: e });
    });
    expect(decodeURIComponent(page.url())).toContain(`/v/${licence.handle}`);
    expect(await page.locator('#result').getAttribute('data-result')).toBe('VALID');
    await shot(page, 'camera-scan-valid');
    expect(errors).toEqual([]);
    await close();
  }, 90_000);
});
