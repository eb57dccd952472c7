// End to end with a real QR code: issue a licence, render its PDF page to pixels with poppler,
// decode the QR code from the image with jsQR, follow the link → VALID; revoke the licence → the
// same code gives REVOKED.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/domain/verdict.ts';
import { changeLicenceStatus } from '../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { STAFF, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { serveVerification } from './verification-server.ts';
import type { VerificationServer } from './verification-server.ts';

const PDFTOPPM = '/usr/bin/pdftoppm';

/** A binary PPM (`P6`, 8-bit) as RGBA pixels for jsQR. */
function ppmToRgba(ppm: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const rgb = ppm.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    data[i * 4] = rgb[j] as number;
    data[i * 4 + 1] = rgb[j + 1] as number;
    data[i * 4 + 2] = rgb[j + 2] as number;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** The text of the QR code on the first page of a PDF, rendered at 200 dpi. */
function qrTextOfPdf(pdf: Uint8Array): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-qr-'));
  try {
    writeFileSync(join(dir, 'licence.pdf'), pdf);
    execFileSync(PDFTOPPM, ['-r', '200', '-f', '1', '-l', '1', '-singlefile', join(dir, 'licence.pdf'), join(dir, 'page')]);
    const { data, width, height } = ppmToRgba(readFileSync(join(dir, 'page.ppm')));
    return jsQR(data, width, height)?.data ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!existsSync(PDFTOPPM))('a licence QR code, end to end', () => {
  let v: VerificationWorld;
  let svc: VerificationServer;
  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    svc = await serveVerification(v);
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await v?.cleanup();
  });

  it('the QR code decoded from the rendered PDF verifies VALID, and REVOKED once revoked', async () => {
    const licence = await v.issueProof();
    const pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf)))!.bytes;
    const text = qrTextOfPdf(pdf);
    expect(text).not.toBeNull();
    // The code holds the public link and nothing personal; here it is followed on the test server.
    const link = new URL(text as string);
    expect(link.pathname).toBe(`/v/${licence.handle}`);
    expect(text).not.toContain('张');
    const check = async () => {
      const res = await fetch(`${svc.url}${link.pathname}`, { headers: { accept: 'application/json' } });
      return ((await res.json()) as { verdict: Verdict }).verdict;
    };
    expect(await check()).toMatchObject({ result: 'VALID', subject: { identifier: licence.identifier } });
    await changeLicenceStatus(v.licenceDeps, { licenceId: licence.id, action: 'revoke', reason: '依法吊销' }, STAFF);
    const after = await check();
    expect(after.result).toBe('REVOKED');
    expect(after.checks.find((c) => c.check === 'licence-status')?.code).toBe('STATUS_REVOKED');
  }, 60_000);
});
