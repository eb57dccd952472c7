// The licence OFD as a file: each template's OFD opens in our own reader, every seal verifies
// against the test PKI, the page holds the licence's text, and the signed value verifies with
// the OpenSSL CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOfd } from '../../src/crypto/ofd/verify-ofd.ts';
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { SES_Signature } from '../../src/crypto/ses/SES_Signature.ts';
import { issueLicence } from '../../src/services/licences/issue-licence.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { ISSUER, makeLicenceKit } from '../services/licences/licence-kit.ts';
import { templateRequests } from './licence-requests.ts';
import type { LicenceKit } from '../services/licences/licence-kit.ts';

const OPENSSL = '/usr/bin/openssl';
const haveOpenssl = spawnSync(OPENSSL, ['version']).status === 0;
if (process.env.CI === 'true' && !haveOpenssl) throw new Error('openssl is required in CI');

/** `openssl dgst -sm3 -verify` with the default SM2 ID over `data`; also OpenSSL's SM3 of `digested`. */
function openssl(certDer: Uint8Array, data: Uint8Array, signature: Uint8Array, digested: Uint8Array): { verified: boolean; sm3: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ofd-openssl-'));
  try {
    writeFileSync(join(dir, 'cert.der'), certDer);
    writeFileSync(join(dir, 'pub.pem'), execFileSync(OPENSSL, ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der'), '-pubkey', '-noout']));
    writeFileSync(join(dir, 'data.bin'), data);
    writeFileSync(join(dir, 'sig.der'), signature);
    writeFileSync(join(dir, 'digested.bin'), digested);
    const r = spawnSync(OPENSSL, ['dgst', '-sm3', '-verify', join(dir, 'pub.pem'), '-sigopt', 'distid:1234567812345678', '-signature', join(dir, 'sig.der'), join(dir, 'data.bin')], { encoding: 'utf8' });
    const sm3 = execFileSync(OPENSSL, ['dgst', '-sm3', '-r', join(dir, 'digested.bin')], { encoding: 'utf8' }).split(' ')[0]!;
    return { verified: r.status === 0 && r.stdout.includes('Verified OK'), sm3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STAFF = { id: 's_officer', kind: 'staff' } as const;
describe('licence OFD', () => {
  const backend = sqlBackends[0]!;
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
  }, 60_000);
  afterAll(async () => db.cleanup());

  for (const req of templateRequests()) {
    it(`${req.typeCode}: the OFD's seal verifies, it covers every file but the signature list, and the page holds the text`, async () => {
      const issued = await issueLicence(kit.deps, { typeCode: req.typeCode, issuer: ISSUER, data: req.data }, STAFF);
      const ofd = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.ofd)))!.bytes;
      mkdirSync('test-artifacts', { recursive: true });
      writeFileSync(join('test-artifacts', `licence-${req.typeCode}.ofd`), ofd);
      const result = verifyOfd(ofd, { anchors: [kit.pki.root.cert.der], intermediates: [kit.pki.sealCa.cert.der], at: new Date('2026-03-01T03:00:00Z') });
      expect(result.signatures.map((s) => [s.indication, s.subIndication])).toEqual([['TOTAL_PASSED', undefined]]);
      expect(result.notCovered).toEqual([]);
      const zip = openZip(ofd);
      const refs = result.signatures[0]!.references.map((r) => r.path);
      expect(refs).toContain('OFD.xml');
      expect(refs).toContain('Doc_0/Pages/Page_0/Content.xml');
      expect(refs).not.toContain('Doc_0/Signs/Signatures.xml');
      const content = Buffer.from(zip.read('Doc_0/Pages/Page_0/Content.xml')!).toString('utf8');
      for (const s of req.expect) expect(content).toContain(s);
      const ses = SES_Signature.decode(zip.read('Doc_0/Signs/Sign_0/SignedValue.dat')!);
      expect(ses.toSign.propertyInfo).toBe('/Doc_0/Signs/Sign_0/Signature.xml');
      if (!haveOpenssl) return;
      // The SES signature sliced from the OFD verifies with OpenSSL, over a dataHash that is
      // OpenSSL's own SM3 of Signature.xml; a changed byte of TBS_Sign does not verify.
      const signatureXml = zip.read('Doc_0/Signs/Sign_0/Signature.xml')!;
      const checked = openssl(ses.cert, ses.toSign.der, ses.signature, signatureXml);
      expect(checked.verified).toBe(true);
      expect(Buffer.from(ses.toSign.dataHash).toString('hex')).toBe(checked.sm3);
      const tampered = Uint8Array.from(ses.toSign.der);
      tampered[tampered.length - 1]! ^= 1;
      expect(openssl(ses.cert, tampered, ses.signature, signatureXml).verified).toBe(false);
      const seal = ses.toSign.eseal;
      if (seal.version !== 4) throw new Error('expected a v4 seal');
      expect(openssl(seal.cert, seal.sealInfo.der, seal.signedValue, signatureXml).verified).toBe(true);
    });
  }
});
