// CRLs: issue, parse back every field, check signature and freshness.
import { describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as pkix from '@peculiar/asn1-x509';
import { isCryptoError } from '../../../src/crypto/errors.ts';
import {
  OID_EXT, buildCrl, checkCrl, crlToPem, findRevocation, parseCrl, parseCrlPem,
} from '../../../src/crypto/x509/index.ts';
import type { CrlRequest } from '../../../src/crypto/x509/index.ts';
import { AT, days, makePki } from './pki.ts';

const pki = await makePki();
const ca = { certificate: pki.sealCa.cert, signer: pki.sealCa.signer };

const request: CrlRequest = {
  thisUpdate: days(AT, -1),
  nextUpdate: days(AT, 6),
  crlNumber: 12345678901234567890n,
  revoked: [
    { serialNumber: pki.seal.cert.serialNumber, revocationDate: days(AT, -3), reason: 'keyCompromise', invalidityDate: days(AT, -10) },
    { serialNumber: pki.signer.cert.serialNumber, revocationDate: days(AT, -2), reason: 'unspecified' },
    { serialNumber: '0102', revocationDate: days(AT, -2), reason: 'certificateHold' },
  ],
};

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return isCryptoError(e) ? e.code : `not a CryptoError: ${String(e)}`;
  }
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(() => undefined, (e: unknown) => (isCryptoError(e) ? e.code : String(e)));
}

describe('CRL issue and parse', () => {
  it('reads back every field', async () => {
    const crl = await buildCrl(request, ca);
    expect(crl.version).toBe(2);
    expect(crl.issuer.der).toEqual(pki.sealCa.cert.subject.der);
    expect(crl.thisUpdate).toEqual(days(AT, -1));
    expect(crl.nextUpdate).toEqual(days(AT, 6));
    expect(crl.crlNumber).toBe(12345678901234567890n);
    expect(crl.authorityKeyIdentifier?.keyIdentifier).toEqual(pki.sealCa.cert.subjectKeyIdentifier);
    expect(crl.revoked).toEqual([
      { serialNumber: pki.seal.cert.serialNumber, revocationDate: days(AT, -3), reason: 'keyCompromise', invalidityDate: days(AT, -10), extensions: expect.any(Array) },
      // "unspecified" is written as no reason at all (RFC 5280 §5.3.1).
      { serialNumber: pki.signer.cert.serialNumber, revocationDate: days(AT, -2), extensions: [] },
      { serialNumber: '0102', revocationDate: days(AT, -2), reason: 'certificateHold', extensions: expect.any(Array) },
    ]);
    expect(crl.extensions.map((e) => [e.oid, e.critical])).toEqual([[OID_EXT.authorityKeyIdentifier, false], [OID_EXT.crlNumber, false]]);
    expect(crl.unhandledCriticalExtensions).toEqual([]);
    expect(parseCrl(crl.der)).toEqual(crl);
    expect(parseCrlPem(crlToPem(crl)).der).toEqual(crl.der);
    expect(findRevocation(crl, pki.seal.cert)?.reason).toBe('keyCompromise');
    expect(findRevocation(crl, pki.staff.cert)).toBeUndefined();
  });

  it('an independent parser agrees', async () => {
    const crl = await buildCrl(request, ca);
    const other = AsnConvert.parse(crl.der, pkix.CertificateList);
    expect(other.tbsCertList.version).toBe(pkix.Version.v2);
    expect(other.tbsCertList.revokedCertificates).toHaveLength(3);
    expect(Buffer.from(other.tbsCertList.revokedCertificates![0]!.userCertificate).toString('hex').toUpperCase()).toBe(pki.seal.cert.serialNumber);
    expect(new Uint8Array(AsnConvert.serialize(other.tbsCertList))).toEqual(crl.tbs);
  });

  it('an empty CRL omits the revoked list', async () => {
    const crl = await buildCrl({ ...request, revoked: [] }, ca);
    expect(crl.revoked).toEqual([]);
    const other = AsnConvert.parse(crl.der, pkix.CertificateList);
    expect(other.tbsCertList.revokedCertificates).toBeUndefined();
  });
});

describe('checkCrl', () => {
  it('accepts a genuine current CRL', async () => {
    const crl = await buildCrl(request, ca);
    expect(() => checkCrl(crl, pki.sealCa.cert, AT)).not.toThrow();
    // Bounds are inclusive.
    expect(() => checkCrl(crl, pki.sealCa.cert, days(AT, -1))).not.toThrow();
    expect(() => checkCrl(crl, pki.sealCa.cert, days(AT, 6))).not.toThrow();
  });

  it('stale before thisUpdate and after nextUpdate', async () => {
    const crl = await buildCrl(request, ca);
    expect(code(() => checkCrl(crl, pki.sealCa.cert, new Date(days(AT, -1).getTime() - 1000)))).toBe('ERR_CRL_STALE');
    expect(code(() => checkCrl(crl, pki.sealCa.cert, new Date(days(AT, 6).getTime() + 1000)))).toBe('ERR_CRL_STALE');
  });

  it('another issuer', async () => {
    const crl = await buildCrl(request, ca);
    expect(code(() => checkCrl(crl, pki.staffCa.cert, AT))).toBe('ERR_CRL_ISSUER');
  });

  it('a flipped signature bit', async () => {
    const der = new Uint8Array((await buildCrl(request, ca)).der);
    der[der.length - 2]! ^= 0x04;
    expect(code(() => checkCrl(parseCrl(der), pki.sealCa.cert, AT))).toBe('ERR_CRL_SIGNATURE');
  });

  it('a changed revocation entry', async () => {
    const crl = await buildCrl(request, ca);
    const der = new Uint8Array(crl.der);
    const at = Buffer.from(der).indexOf(Buffer.from(pki.seal.cert.serialNumber, 'hex'));
    der[at + 5]! ^= 0x01;
    const forged = parseCrl(der);
    expect(findRevocation(forged, pki.seal.cert)).toBeUndefined();
    expect(code(() => checkCrl(forged, pki.sealCa.cert, AT))).toBe('ERR_CRL_SIGNATURE');
  });

  it('garbage is ERR_CRL_MALFORMED', () => {
    expect(code(() => parseCrl(new Uint8Array([0x30, 0x00])))).toBe('ERR_CRL_MALFORMED');
    expect(code(() => parseCrl(pki.seal.cert.der))).toBe('ERR_CRL_MALFORMED');
    expect(code(() => parseCrl('x' as unknown as Uint8Array))).toBe('ERR_CRL_MALFORMED');
    expect(code(() => parseCrlPem('-----BEGIN X509 CRL-----\n!!\n-----END X509 CRL-----'))).toBe('ERR_CRL_MALFORMED');
  });
});

describe('CRL issuing refuses bad requests', () => {
  it('an end-entity issuer, a mismatched signer, bad dates, duplicates', async () => {
    expect(await codeOf(buildCrl(request, { certificate: pki.seal.cert, signer: pki.seal.signer }))).toBe('ERR_CRL_TEMPLATE');
    expect(await codeOf(buildCrl(request, { certificate: pki.sealCa.cert, signer: pki.root.signer }))).toBe('ERR_CRL_TEMPLATE');
    expect(await codeOf(buildCrl({ ...request, nextUpdate: request.thisUpdate }, ca))).toBe('ERR_CRL_TEMPLATE');
    expect(await codeOf(buildCrl({ ...request, crlNumber: -1 }, ca))).toBe('ERR_CRL_TEMPLATE');
    expect(await codeOf(buildCrl({ ...request, revoked: [request.revoked[0]!, request.revoked[0]!] }, ca))).toBe('ERR_CRL_TEMPLATE');
    expect(await codeOf(buildCrl({ ...request, revoked: [{ serialNumber: '01', revocationDate: AT, reason: 'removeFromCRL' }] }, ca))).toBe('ERR_CRL_TEMPLATE');
  });
});
