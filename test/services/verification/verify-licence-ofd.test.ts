// Licence OFDs verified by upload, as a third party would: each template's OFD (and its PDF) is
// VALID; one changed byte in any file of the package makes it TAMPERED, and the seal report and
// the public verdict name the file; a revoked licence's OFD is REVOKED; a genuinely sealed OFD
// naming a licence that is not the register's copy is TAMPERED.
import { unzipSync, zipSync } from 'fflate';
import { SESeal } from '../../../src/crypto/ses/SESeal.ts';
import { sealOfd, zipOfd } from '../../../src/ofd/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import { verifySealedOfd } from '../../../src/services/seals/verify-sealed-ofd.ts';
import { verifyUpload } from '../../../src/services/verification/verify-upload.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ISSUER } from '../licences/licence-kit.ts';
import { templateRequests } from '../../ofd/licence-requests.ts';
import { PUBLIC, STAFF, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

describe('licence OFD verification by upload', () => {
  let v: VerificationWorld;
  beforeAll(async () => { v = await verificationWorld(sqlBackends[0]!); }, 60_000);
  afterAll(async () => v.cleanup());

  const blob = async (key: string) => (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(key)))!.bytes;
  const upload = async (bytes: Uint8Array) => (await verifyUpload(v.deps, bytes, PUBLIC)).verdict;
  const issue = async (req: ReturnType<typeof templateRequests>[number]): Promise<LicenceRecord> =>
    (await issueLicence(v.licenceDeps, { typeCode: req.typeCode, issuer: ISSUER, data: req.data }, STAFF)).licence;

  for (const req of templateRequests()) {
    it(`${req.typeCode}: the OFD and the PDF are VALID by upload; a revoked licence's OFD and PDF are REVOKED`, async () => {
      const l = await issue(req);
      const ofd = await blob(licenceBlobKeys(l.id).ofd);
      const pdf = await blob(licenceBlobKeys(l.id).pdf);
      const verdict = await upload(ofd);
      expect(verdict).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
      expect(verdict.checks.map((c) => c.code)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'INTEGRITY_OK', 'INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_VALID', 'DATES_WITHIN', 'SHARE_NOT_PRESENTED']);
      expect((await upload(pdf)).result).toBe('VALID');
      await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'revoke', reason: '依法吊销' }, STAFF);
      expect((await upload(ofd)).result).toBe('REVOKED');
      expect((await upload(pdf)).result).toBe('REVOKED');
    }, 30_000);
  }

  it('one changed byte in any file of the OFD is TAMPERED, and the seal report and the public verdict name that file', async () => {
    const l = await issue(templateRequests()[2]!);
    const files = unzipSync(await blob(licenceBlobKeys(l.id).ofd));
    const paths = Object.keys(files).filter((p) => p !== 'Doc_0/Signs/Signatures.xml');
    expect(paths.length).toBeGreaterThanOrEqual(9);
    for (const path of paths) {
      const changed = { ...files, [path]: Uint8Array.from(files[path]!) };
      const bytes = changed[path]!;
      // A byte inside the content (an XML text, a font table, the signature value at the end).
      const at = path.endsWith('.dat') ? bytes.length - 3 : Math.floor(bytes.length * 0.6);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      const tampered = zipSync(changed);
      const verdict = await upload(tampered);
      expect(verdict.result, path).toBe('TAMPERED');
      const report = await verifySealedOfd(v.deps.seals, tampered);
      expect(report.indication, path).toBe('TOTAL_FAILED');
      const sig = report.signatures[0]!.ofd;
      if (path.endsWith('Signature.xml') || path.endsWith('SignedValue.dat')) expect(sig.signatureXmlPath).toBe('Doc_0/Signs/Sign_0/Signature.xml');
      else {
        expect(sig.references.filter((r) => r.status !== 'match').map((r) => r.path), path).toEqual([path]);
        const row = verdict.checks.find((c) => c.code === 'INTEGRITY_HASH_MISMATCH');
        expect(row?.files, path).toEqual([path]);
        expect(row?.message.zh, path).toContain(path);
        expect(row?.message.en, path).toContain(path);
      }
    }
  }, 120_000);

  it('an OFD sealed with the genuine licence seal but not the register\'s copy is TAMPERED (INTEGRITY_NOT_REGISTER_COPY)', async () => {
    const l = await issue(templateRequests()[2]!);
    const files = new Map(Object.entries(unzipSync(await blob(licenceBlobKeys(l.id).ofd))));
    for (const p of [...files.keys()]) if (p.startsWith('Doc_0/Signs/')) files.delete(p);
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    files.set(page, Buffer.from(Buffer.from(files.get(page)!).toString('utf8').replace('张某三', '李某四'), 'utf8'));
    const seal = (await v.seals.licenceSealFor(ISSUER.code))!;
    const resealed = await sealOfd(files, { seal: SESeal.decode(seal.seal), signer: seal.signer, time: v.w.clock.now(), place: { page: 0, boundary: [10, 10, 40, 40] }, provider: 'other' });
    const forged = zipOfd(resealed.files, v.w.clock.now());
    expect((await verifySealedOfd(v.deps.seals, forged)).indication).toBe('TOTAL_PASSED');
    const verdict = await upload(forged);
    expect(verdict.result).toBe('TAMPERED');
    expect(verdict.checks.map((c) => c.code)).toContain('INTEGRITY_NOT_REGISTER_COPY');
  }, 60_000);
});
