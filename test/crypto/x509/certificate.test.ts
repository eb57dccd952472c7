// Issuing and parsing: build root → seal-maker CA → seal certificate and read every field back,
// cross-checked with an independent ASN.1 parser (@peculiar/asn1-x509).
import { describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as pkix from '@peculiar/asn1-x509';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import { isCryptoError } from '../../../src/crypto/errors.ts';
import {
  OID_EKU, OID_EXT, OID_SM3_WITH_SM2, buildCertificate, certificateToPem, keyIdentifier, nameAttribute,
  parseCertificate, parseCertificatePem, verifyCertificateSignature,
} from '../../../src/crypto/x509/index.ts';
import { AT, SEAL_CA_DN, SEAL_DN, T0, days, issue, makePki, years } from './pki.ts';

const pki = await makePki();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(isCryptoError(e) ? e.code : e).toBe(code);
}

describe('issued hierarchy reads back', () => {
  it('root CA: self-signed, CA with pathLen, keyCertSign/cRLSign, SKI = AKI', () => {
    const c = pki.root.cert;
    expect(c.version).toBe(3);
    expect(c.subject.text).toBe('CN=某市电子政务根CA, O=某市人民政府, C=CN');
    expect(c.issuer.text).toBe(c.subject.text);
    expect(c.selfIssued).toBe(true);
    expect(c.basicConstraints).toEqual({ ca: true, pathLenConstraint: 1 });
    expect(c.keyUsage).toEqual(['keyCertSign', 'cRLSign']);
    expect(c.extendedKeyUsage).toBeUndefined();
    expect(c.subjectKeyIdentifier).toEqual(keyIdentifier(pki.root.keys.publicKey));
    expect(c.authorityKeyIdentifier?.keyIdentifier).toEqual(c.subjectKeyIdentifier);
    expect(c.notBefore).toEqual(T0);
    expect(c.notAfter).toEqual(years(T0, 20));
    expect(c.publicKey).toEqual(pki.root.keys.publicKey);
    expect(verifyCertificateSignature(c, c)).toBe(true);
  });

  it('seal-maker CA: issued by the root, pathLen 0, CRL distribution point', () => {
    const c = pki.sealCa.cert;
    expect(c.issuer.der).toEqual(pki.root.cert.subject.der);
    expect(c.subject.text).toBe(SEAL_CA_DN);
    expect(c.basicConstraints).toEqual({ ca: true, pathLenConstraint: 0 });
    expect(c.crlDistributionPoints).toEqual(['http://pki.example.gov.cn/crl/root.crl']);
    expect(c.authorityKeyIdentifier?.keyIdentifier).toEqual(pki.root.cert.subjectKeyIdentifier);
    expect(verifyCertificateSignature(c, pki.root.cert)).toBe(true);
    expect(verifyCertificateSignature(c, pki.staffCa.cert)).toBe(false);
  });

  it('seal certificate: every field', () => {
    const c = pki.seal.cert;
    expect(c.version).toBe(3);
    expect(c.serialNumber).toMatch(/^[0-9A-F]{32}$/);
    expect(BigInt('0x' + c.serialNumber) >= 1n << 64n).toBe(true);
    expect(c.signatureAlgorithm).toEqual({ oid: OID_SM3_WITH_SM2 });
    expect(c.subject.text).toBe(SEAL_DN);
    expect(c.subject.rdns.map((r) => r.map((a) => a.type).join('+'))).toEqual(['C', 'O', 'CN', 'serialNumber']);
    expect(nameAttribute(c.subject, 'CN')).toBe('某市市场监督管理局');
    expect(nameAttribute(c.subject, 'serialNumber')).toBe('11330100002500287C');
    expect(c.issuer.text).toBe(SEAL_CA_DN);
    expect(c.notBefore).toEqual(days(T0, 1));
    expect(c.notAfter).toEqual(years(T0, 3));
    expect(c.publicKeyInfo.algorithm).toBe('1.2.840.10045.2.1');
    expect(c.publicKeyInfo.curve).toBe('1.2.156.10197.1.301');
    expect(c.publicKey).toEqual(pki.seal.keys.publicKey);
    expect(c.basicConstraints).toEqual({ ca: false });
    expect(c.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(c.subjectKeyIdentifier).toEqual(sm3(pki.seal.keys.publicKey).slice(0, 20));
    expect(c.authorityKeyIdentifier?.keyIdentifier).toEqual(pki.sealCa.cert.subjectKeyIdentifier);
    expect(c.crlDistributionPoints).toEqual(['http://pki.example.gov.cn/crl/seal-ca.crl']);
    expect(c.extensions.map((e) => [e.oid, e.critical])).toEqual([
      [OID_EXT.basicConstraints, false], [OID_EXT.keyUsage, true], [OID_EXT.subjectKeyIdentifier, false],
      [OID_EXT.authorityKeyIdentifier, false], [OID_EXT.crlDistributionPoints, false],
    ]);
    expect(c.unhandledCriticalExtensions).toEqual([]);
    expect(c.fingerprintSm3).toBe(hex(sm3(c.der)));
    expect(c.selfIssued).toBe(false);
    expect(verifyCertificateSignature(c, pki.sealCa.cert)).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('staff certificate: clientAuth EKU, email SAN, no nonRepudiation', () => {
    const c = pki.staff.cert;
    expect(c.extendedKeyUsage).toEqual([OID_EKU.clientAuth]);
    expect(c.keyUsage).toEqual(['digitalSignature']);
    expect(c.subjectAltName).toEqual([{ type: 'email', value: 'lisi@example.gov.cn' }]);
    expect(nameAttribute(c.subject, 'OU')).toBe('信息中心');
    expect(nameAttribute(c.subject, 'serialNumber')).toBe('STAFF-000123');
  });

  it('an independent parser reads the same fields', () => {
    const c = pki.seal.cert;
    const other = AsnConvert.parse(c.der, pkix.Certificate);
    expect(other.signatureAlgorithm.algorithm).toBe(OID_SM3_WITH_SM2);
    expect(other.signatureAlgorithm.parameters).toBeUndefined();
    expect(Buffer.from(other.tbsCertificate.serialNumber).toString('hex').toUpperCase()).toBe(c.serialNumber);
    expect(other.tbsCertificate.validity.notAfter.getTime()).toEqual(c.notAfter);
    const cn = other.tbsCertificate.subject.flatMap((rdn) => [...rdn]).find((a) => a.type === '2.5.4.3');
    expect(cn?.value.utf8String).toBe('某市市场监督管理局');
    const country = other.tbsCertificate.subject.flatMap((rdn) => [...rdn]).find((a) => a.type === '2.5.4.6');
    expect(country?.value.printableString).toBe('CN');
    const bc = other.tbsCertificate.extensions?.find((e) => e.extnID === OID_EXT.basicConstraints);
    expect(AsnConvert.parse(bc!.extnValue, pkix.BasicConstraints).cA).toBe(false);
    // Our tbs slice is byte for byte what the independent parser re-encodes.
    expect(new Uint8Array(AsnConvert.serialize(other.tbsCertificate))).toEqual(c.tbs);
  });

  it('PEM round trip', () => {
    const pem = certificateToPem(pki.seal.cert);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    expect(parseCertificatePem(`some text before\n${pem}`).der).toEqual(pki.seal.cert.der);
    expect(parseCertificate(pki.seal.cert.der)).toEqual(pki.seal.cert);
  });

  it('two certificates get different random serials', async () => {
    const a = await issue({ profile: 'seal', subject: 'CN=a, C=CN', notBefore: days(T0, 2), notAfter: years(T0, 1) }, pki.sealCa);
    const b = await issue({ profile: 'seal', subject: 'CN=a, C=CN', notBefore: days(T0, 2), notAfter: years(T0, 1) }, pki.sealCa);
    expect(a.cert.serialNumber).not.toBe(b.cert.serialNumber);
  });

  it('dates from 2050 use GeneralizedTime and still read back', async () => {
    const late = await issue({ profile: 'root-ca', subject: 'CN=long root, C=CN', notBefore: T0, notAfter: new Date('2051-03-04T05:06:07Z') }, undefined);
    expect(late.cert.notAfter).toEqual(new Date('2051-03-04T05:06:07Z'));
    expect(late.cert.tbs.includes(0x18)).toBe(true);
  });
});

describe('issuing refuses bad requests', () => {
  const kp = generateKeyPair();
  const base = { profile: 'seal' as const, subject: 'CN=x, C=CN', publicKey: kp.publicKey, notBefore: days(T0, 2), notAfter: years(T0, 2) };
  const ca = { certificate: pki.sealCa.cert, signer: pki.sealCa.signer };

  it('a signer that does not match the issuer certificate', async () => {
    await rejects(buildCertificate(base, { certificate: pki.sealCa.cert, signer: pki.staffCa.signer }), 'ERR_CERT_TEMPLATE');
  });
  it('an end-entity issuer', async () => {
    await rejects(buildCertificate(base, { certificate: pki.seal.cert, signer: pki.seal.signer }), 'ERR_CERT_TEMPLATE');
  });
  it('a CA under a pathLen 0 CA', async () => {
    await rejects(buildCertificate({ ...base, profile: 'intermediate-ca' }, ca), 'ERR_CERT_TEMPLATE');
  });
  it('validity outside the issuer validity', async () => {
    await rejects(buildCertificate({ ...base, notAfter: years(T0, 30) }, ca), 'ERR_CERT_TEMPLATE');
  });
  it('notAfter before notBefore, invalid dates', async () => {
    await rejects(buildCertificate({ ...base, notAfter: T0, notBefore: days(T0, 5) }, ca), 'ERR_CERT_TEMPLATE');
    await rejects(buildCertificate({ ...base, notBefore: new Date('x') }, ca), 'ERR_CERT_TEMPLATE');
  });
  it('a bad public key', async () => {
    await rejects(buildCertificate({ ...base, publicKey: kp.publicKey.slice(1) }, ca), 'ERR_CERT_TEMPLATE');
  });
  it('keyCertSign on an end entity', async () => {
    await rejects(buildCertificate({ ...base, keyUsage: ['keyCertSign'] }, ca), 'ERR_CERT_TEMPLATE');
  });
  it('a bad subject', async () => {
    await rejects(buildCertificate({ ...base, subject: 'CN=x, C=China' }, ca), 'ERR_CERT_INVALID_NAME');
    await rejects(buildCertificate({ ...base, subject: [] }, ca), 'ERR_CERT_INVALID_NAME');
    await rejects(buildCertificate({ ...base, subject: 'serialNumber=编号1, CN=x' }, ca), 'ERR_CERT_INVALID_NAME');
  });
  it('a bad CRL URL or serial', async () => {
    await rejects(buildCertificate({ ...base, crlDistributionPoints: ['file:///etc/passwd'] }, ca), 'ERR_CERT_TEMPLATE');
    await rejects(buildCertificate({ ...base, serialNumber: '0' }, ca), 'ERR_CERT_SERIAL');
    await rejects(buildCertificate({ ...base, serialNumber: 'ff'.repeat(20) }, ca), 'ERR_CERT_SERIAL');
  });
  it('a root signed by another key', async () => {
    await rejects(buildCertificate({ ...base, profile: 'root-ca' }, { signer: pki.root.signer }), 'ERR_CERT_TEMPLATE');
  });
  it('a signer that returns garbage or fails', async () => {
    const bad = { ...pki.sealCa.signer, sign: async () => new Uint8Array([0x30, 0x06, 2, 1, 1, 2, 1, 1]) };
    await rejects(buildCertificate(base, { certificate: pki.sealCa.cert, signer: bad }), 'ERR_CERT_SIGNING');
    const broken = { ...pki.sealCa.signer, sign: async () => { throw new Error('HSM offline'); } };
    await rejects(buildCertificate(base, { certificate: pki.sealCa.cert, signer: broken }), 'ERR_CERT_SIGNING');
  });
  it('a fixed serial is used as given', async () => {
    const c = await buildCertificate({ ...base, serialNumber: '00:8A:BC' }, ca);
    expect(c.serialNumber).toBe('8ABC');
  });
  it('a software signer over a seal-maker key issues a usable certificate at AT', async () => {
    const s = softwareSigner('k', pki.sealCa.keys.privateKey, []);
    const c = await buildCertificate(base, { certificate: pki.sealCa.cert, signer: s });
    expect(verifyCertificateSignature(c, pki.sealCa.cert)).toBe(true);
    expect(c.notBefore <= AT && AT <= c.notAfter).toBe(true);
  });
});
