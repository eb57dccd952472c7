// The interop fixture: an e-invoice sealed in 2020 by a commercial product (KingGrid), read in
// place from the shared fixtures folder.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { verifyOfd } from '../../../src/crypto/ofd/verify-ofd.ts';
import type { OfdSignatureResult } from '../../../src/crypto/ofd/verify-ofd.ts';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { SES_Signature } from '../../../src/crypto/ses/SES_Signature.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';

const FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';
const bytes = (): Uint8Array => new Uint8Array(readFileSync(FIXTURE));
const NOW = new Date('2026-01-01T00:00:00Z');
const SIGNED = new Date('2020-08-17T11:13:29Z');

function rows(s: OfdSignatureResult): Record<string, string> {
  return Object.fromEntries(s.checks.map((c) => [c.id, c.subIndication === undefined ? c.status : `${c.status} ${c.subIndication}`]));
}

function print(label: string, s: OfdSignatureResult): void {
  console.log(`${label}: ${s.signatureXmlPath} signed ${s.ses?.signingTime?.toISOString()} → ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}`);
  for (const c of s.checks) console.log(`  ${c.id.padEnd(40)} ${c.status.padEnd(13)} ${c.subIndication ?? ''}  ${c.message}`);
}

describe('kinggrid e-invoice (SES v4 in OFD)', () => {
  it('without its CA as an anchor: signature maths and dataHash intact, chain not found, maker expired now', () => {
    const r = verifyOfd(bytes(), { anchors: [], at: NOW });
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0]!;
    print('no anchors', s);
    expect(s.ses?.signingTime).toEqual(SIGNED);
    expect(s.ses?.version).toBe(4);
    expect(s.ses?.signatureIntact).toBe(true);
    expect(rows(s)).toMatchObject({
      'parse': 'passed',
      'seal-signature': 'passed',
      'seal-maker-certificate-at-signing-time': 'indeterminate NO_CERTIFICATE_CHAIN_FOUND',
      'seal-maker-certificate-now': 'warning EXPIRED',
      'seal-validity': 'passed',
      'signer-listed-in-seal': 'passed',
      'signature': 'passed',
      'signer-certificate-at-signing-time': 'indeterminate NO_CERTIFICATE_CHAIN_FOUND',
      'timestamp': 'not-present',
      'data-hash': 'passed',
      'ofd-references': 'passed',
    });
    const makerThen = s.checks.find((c) => c.id === 'seal-maker-certificate-at-signing-time')!;
    const makerNow = s.checks.find((c) => c.id === 'seal-maker-certificate-now')!;
    expect(makerThen.details).toMatchObject({ validity: 'valid', chain: 'not-found', notAfter: '2025-02-17T00:00:00.000Z' });
    expect(makerNow.details).toMatchObject({ validity: 'expired' });
    expect([s.indication, s.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(s.references).toHaveLength(20);
    expect(r.notCovered).toEqual(['OFD.xml']);
  });

  it('trusting for this test: with the seal maker and signer certificates as explicit anchors, a full pass at signing time', () => {
    // The file does not carry its CA certificate (税务测试CA2(SM2)), only certificates it issued.
    // FOR THIS TEST ONLY we trust those two certificates directly, extracted from the signature;
    // nothing in production may take anchors from the document under verification.
    const zip = openZip(bytes());
    const sig = SES_Signature.decode(zip.read('Doc_0/Signs/Sign_0/SignedValue.dat')!);
    const seal = sig.toSign.eseal;
    if (seal.version !== 4) throw new Error('expected a v4 seal');
    const trustedForThisTest = [seal.cert, sig.cert];
    expect(parseCertificate(seal.cert).issuer.text).toContain('税务测试CA2(SM2)');
    const r = verifyOfd(bytes(), { anchors: trustedForThisTest, at: NOW });
    const s = r.signatures[0]!;
    print('trusting for this test', s);
    expect([r.indication, s.indication]).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
    expect(rows(s)['seal-maker-certificate-at-signing-time']).toBe('passed');
    expect(rows(s)['seal-maker-certificate-now']).toBe('warning EXPIRED');
    expect(rows(s)['signer-certificate-at-signing-time']).toBe('passed');
  });

  it('checked as of a day in 2021, nothing has expired yet', () => {
    const r = verifyOfd(bytes(), { anchors: [], at: new Date('2021-01-01T00:00:00Z') });
    expect(rows(r.signatures[0]!)['seal-maker-certificate-now']).toBe('warning NO_CERTIFICATE_CHAIN_FOUND');
  });
});
