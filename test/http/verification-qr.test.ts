// End to end with a real QR code: issue a licence, render its PDF page to pixels with poppler,
// decode the QR code from the image with jsQR, follow the link → VALID; revoke the licence → the
// same code gives REVOKED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/domain/verdict.ts';
import { changeLicenceStatus } from '../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { readTrustList } from '../../src/services/verification/verify-offline.ts';
import { decodePdfQr } from '../support/qr-from-pdf.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { skipWithout } from '../support/tools.ts';
import { STAFF, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { serveVerification } from './verification-server.ts';
import type { VerificationServer } from './verification-server.ts';

describe.skipIf(skipWithout('a licence QR code, end to end', 'pdftoppm'))('a licence QR code, end to end', () => {
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
    const text = decodePdfQr(pdf);
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

  it('publishes the signed trust list at /.well-known/yinxin-trust-list.json, one that the offline reader accepts', async () => {
    const res = await fetch(`${svc.url}/.well-known/yinxin-trust-list.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const list = readTrustList(await res.text(), v.w.clock.now());
    expect(Object.keys(list.list.licences).length).toBeGreaterThan(0);
  });
});
