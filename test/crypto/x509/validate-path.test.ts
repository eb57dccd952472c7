// Path validation: the good chains, and each way a chain can fail with its own code and the
// depth of the certificate at fault.
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { encodeExtension } from '../../../src/crypto/x509/extensions.ts';
import {
  CertPathError, OID_EKU, buildCrl, validatePath,
} from '../../../src/crypto/x509/index.ts';
import type { Certificate, Crl, ValidatePathOptions } from '../../../src/crypto/x509/index.ts';
import { craftCertificate } from './craft.ts';
import { AT, ROOT_DN, T0, days, issue, makePki, years } from './pki.ts';
import type { Party } from './pki.ts';

const pki = await makePki();
const anchors = [pki.root.cert];
const intermediates = [pki.staffCa.cert, pki.sealCa.cert];

function failure(opts: ValidatePathOptions): CertPathError | CryptoError {
  try {
    validatePath(opts);
  } catch (e) {
    if (e instanceof CryptoError) return e;
    throw e;
  }
  throw new Error('validation unexpectedly passed');
}

function expectFailure(opts: ValidatePathOptions, code: string, depth?: number): CertPathError | CryptoError {
  const e = failure(opts);
  expect(e.code).toBe(code);
  if (depth !== undefined) {
    expect(e).toBeInstanceOf(CertPathError);
    expect((e as CertPathError).depth).toBe(depth);
    expect(e.message).toContain(`depth ${depth}`);
  }
  return e;
}

async function crlOf(ca: Party, opts: { revoked?: Certificate[]; thisUpdate?: Date; nextUpdate?: Date } = {}): Promise<Crl> {
  return buildCrl({
    thisUpdate: opts.thisUpdate ?? days(AT, -1),
    nextUpdate: opts.nextUpdate ?? days(AT, 6),
    crlNumber: 7,
    revoked: (opts.revoked ?? []).map((c) => ({ serialNumber: c.serialNumber, revocationDate: days(AT, -2), reason: 'keyCompromise' as const })),
  }, { certificate: ca.cert, signer: ca.signer });
}

const sealOpts: ValidatePathOptions = { leaf: pki.seal.cert, intermediates, anchors, at: AT };

describe('valid chains', () => {
  it('seal → seal-maker CA → root', () => {
    const r = validatePath(sealOpts);
    expect(r.chain.map((c) => c.subject.text)).toEqual([pki.seal.cert.subject.text, pki.sealCa.cert.subject.text, ROOT_DN]);
    expect(r.anchor).toEqual(pki.root.cert);
    expect(r.revocation).toEqual(['unchecked', 'unchecked', 'anchor']);
  });

  it('takes DER as well as parsed certificates, in any order, ignoring junk intermediates', () => {
    const r = validatePath({
      leaf: pki.seal.cert.der,
      intermediates: [new Uint8Array([1, 2, 3]), pki.staff.cert.der, pki.sealCa.cert.der],
      anchors: [pki.root.cert.der], at: AT,
    });
    expect(r.chain.map((c) => c.fingerprintSm3)).toEqual([pki.seal.cert, pki.sealCa.cert, pki.root.cert].map((c) => c.fingerprintSm3));
  });

  it('with current CRLs from every issuer, revocation is good', async () => {
    const r = validatePath({ ...sealOpts, crls: [await crlOf(pki.root), (await crlOf(pki.sealCa)).der], requireRevocationInfo: true });
    expect(r.revocation).toEqual(['good', 'good', 'anchor']);
  });

  it('staff login certificate with clientAuth and digitalSignature', () => {
    const r = validatePath({ leaf: pki.staff.cert, intermediates, anchors, at: AT, extendedKeyUsage: [OID_EKU.clientAuth], keyUsage: ['digitalSignature'] });
    expect(r.chain).toHaveLength(3);
  });

  it('the signature is checked over the bytes as written, not a re-encoding', async () => {
    const { boolean, octetString, oid, sequence } = await import('../../../src/crypto/asn1/der-writer.ts');
    // critical FALSE written out breaks DER; an encoder would drop it and change the signed bytes.
    const explicitFalse = sequence(oid('1.2.156.112233.1'), boolean(false), octetString(Uint8Array.of(0x05, 0x00)));
    const leaf = await craftCertificate({
      subject: 'CN=leaf, C=CN', publicKey: generateKeyPair().publicKey, issuer: pki.sealCa.cert, issuerSigner: pki.sealCa.signer,
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'], extra: [explicitFalse],
    });
    expect(leaf.extensions.at(-1)).toEqual({ oid: '1.2.156.112233.1', critical: false, value: Uint8Array.of(0x05, 0x00) });
    expect(validatePath({ ...sealOpts, leaf }).chain).toHaveLength(3);
  });

  it('decoded fields edited after parsing are not believed', async () => {
    const child = await craftCertificate({
      subject: 'CN=由印章证书签发, C=CN', publicKey: generateKeyPair().publicKey, issuer: pki.seal.cert, issuerSigner: pki.seal.signer,
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'],
    });
    // An end-entity certificate dressed up as a CA: its bytes still say CA:FALSE.
    const dressed = { ...pki.seal.cert, basicConstraints: { ca: true }, keyUsage: ['keyCertSign' as const] };
    expectFailure({ leaf: child, intermediates: [dressed, pki.sealCa.cert], anchors, at: AT }, 'ERR_CERT_BASIC_CONSTRAINTS', 1);
  });

  it('an anchor given as leaf is a chain of one', () => {
    expect(validatePath({ leaf: pki.root.cert, anchors, at: AT }).chain).toEqual([pki.root.cert]);
  });
});

describe('failures', () => {
  it('wrong anchor → ERR_CERT_CHAIN', async () => {
    const other = await issue({ profile: 'root-ca', subject: 'CN=另一个根CA, C=CN', notBefore: T0, notAfter: years(T0, 20) }, undefined);
    expectFailure({ ...sealOpts, anchors: [other.cert] }, 'ERR_CERT_CHAIN', 1);
  });

  it('an anchor with the same name but another key → ERR_CERT_CHAIN', async () => {
    const impostor = await issue({ profile: 'root-ca', subject: ROOT_DN, notBefore: T0, notAfter: years(T0, 20) }, undefined);
    expectFailure({ ...sealOpts, anchors: [impostor.cert] }, 'ERR_CERT_CHAIN');
  });

  it('a missing intermediate → ERR_CERT_CHAIN at the leaf', () => {
    expectFailure({ ...sealOpts, intermediates: [pki.staffCa.cert] }, 'ERR_CERT_CHAIN', 0);
  });

  it('certificates carried alongside are never trusted: a self-made root in intermediates', async () => {
    // An attacker's root with the real root's name, and a seal certificate issued by it.
    const fakeRoot = await issue({ profile: 'root-ca', subject: ROOT_DN, notBefore: T0, notAfter: years(T0, 20) }, undefined);
    const fakeCa = await issue({ profile: 'intermediate-ca', subject: pki.sealCa.cert.subject.text, notBefore: T0, notAfter: years(T0, 10) }, fakeRoot);
    const fakeSeal = await issue({ profile: 'seal', subject: pki.seal.cert.subject.text, notBefore: days(T0, 1), notAfter: years(T0, 3) }, fakeCa);
    expectFailure({ leaf: fakeSeal.cert, intermediates: [fakeCa.cert, fakeRoot.cert, pki.sealCa.cert], anchors, at: AT }, 'ERR_CERT_CHAIN');
    expectFailure({ leaf: fakeRoot.cert, intermediates: [fakeRoot.cert], anchors, at: AT }, 'ERR_CERT_CHAIN');
  });

  it('expired leaf → ERR_CERT_EXPIRED at depth 0', () => {
    expectFailure({ ...sealOpts, at: days(years(T0, 3), 1) }, 'ERR_CERT_EXPIRED', 0);
  });

  it('expired intermediate → ERR_CERT_EXPIRED at depth 1 (checked from the anchor down)', () => {
    expectFailure({ ...sealOpts, at: days(years(T0, 10), 1) }, 'ERR_CERT_EXPIRED', 1);
  });

  it('expired anchor → ERR_CERT_EXPIRED at the anchor', () => {
    expectFailure({ ...sealOpts, at: years(T0, 21) }, 'ERR_CERT_EXPIRED', 2);
  });

  it('not yet valid → ERR_CERT_NOT_YET_VALID', () => {
    expectFailure({ ...sealOpts, at: new Date(T0.getTime() + 3_600_000) }, 'ERR_CERT_NOT_YET_VALID', 0);
    expectFailure({ ...sealOpts, at: new Date(T0.getTime() - 1000) }, 'ERR_CERT_NOT_YET_VALID', 2);
  });

  it('a flipped bit in the signature → ERR_CERT_SIGNATURE', () => {
    const der = new Uint8Array(pki.seal.cert.der);
    der[der.length - 3]! ^= 0x01;
    expectFailure({ ...sealOpts, leaf: der }, 'ERR_CERT_SIGNATURE', 0);
  });

  it('a flipped bit in the signed subject name → ERR_CERT_SIGNATURE', () => {
    const der = new Uint8Array(pki.seal.cert.der);
    const at = Buffer.from(der).indexOf(Buffer.from('11330100002500287C'));
    expect(at).toBeGreaterThan(0);
    der[at + 3]! ^= 0x01; // '3' → '2': still a valid PrintableString
    expectFailure({ ...sealOpts, leaf: der }, 'ERR_CERT_SIGNATURE', 0);
  });

  it('a tampered intermediate → ERR_CERT_SIGNATURE at depth 1', () => {
    const der = new Uint8Array(pki.sealCa.cert.der);
    der[der.length - 5]! ^= 0x80;
    expectFailure({ ...sealOpts, intermediates: [der] }, 'ERR_CERT_SIGNATURE', 1);
  });

  it('a signature algorithm other than SM3withSM2 → ERR_CERT_SIGNATURE, even over a good SM2 signature', async () => {
    const { nullValue, oid, sequence } = await import('../../../src/crypto/asn1/der-writer.ts');
    const make = (algorithm: Uint8Array) => craftCertificate({
      subject: 'CN=leaf, C=CN', publicKey: generateKeyPair().publicKey, issuer: pki.sealCa.cert, issuerSigner: pki.sealCa.signer,
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'], algorithm,
    });
    expectFailure({ ...sealOpts, leaf: await make(sequence(oid('1.2.840.10045.4.3.2'))) }, 'ERR_CERT_SIGNATURE', 0);
    expectFailure({ ...sealOpts, leaf: await make(sequence(oid('1.2.156.10197.1.501'), oid('1.2.3'))) }, 'ERR_CERT_SIGNATURE', 0);
    // NULL parameters are tolerated, as some producers write them.
    expect(validatePath({ ...sealOpts, leaf: await make(sequence(oid('1.2.156.10197.1.501'), nullValue())) }).chain).toHaveLength(3);
  });

  it('issuer without the CA flag → ERR_CERT_BASIC_CONSTRAINTS', async () => {
    const kp = generateKeyPair();
    const child = await craftCertificate({
      subject: 'CN=由印章证书签发, C=CN', publicKey: kp.publicKey, issuer: pki.seal.cert, issuerSigner: pki.seal.signer,
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'],
    });
    expectFailure({ leaf: child, intermediates: [pki.seal.cert, pki.sealCa.cert], anchors, at: AT }, 'ERR_CERT_BASIC_CONSTRAINTS', 1);
  });

  it('CA without keyCertSign → ERR_CERT_KEY_USAGE', async () => {
    const kp = generateKeyPair();
    const ca = await craftCertificate({
      subject: 'CN=无签发权CA, C=CN', publicKey: kp.publicKey, issuer: pki.root.cert, issuerSigner: pki.root.signer,
      notBefore: T0, notAfter: years(T0, 5), basicConstraints: { ca: true }, keyUsage: ['cRLSign', 'digitalSignature'],
    });
    const { softwareSigner } = await import('../../../src/crypto/signer.ts');
    const leaf = await craftCertificate({
      subject: 'CN=leaf, C=CN', publicKey: generateKeyPair().publicKey, issuer: ca, issuerSigner: softwareSigner('x', kp.privateKey, []),
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'],
    });
    expectFailure({ leaf, intermediates: [ca], anchors, at: AT }, 'ERR_CERT_KEY_USAGE', 1);
  });

  it('pathLen of the root exceeded → ERR_CERT_PATH_LENGTH', async () => {
    const wide = await issue({ profile: 'intermediate-ca', subject: 'CN=二级CA, C=CN', notBefore: T0, notAfter: years(T0, 10), pathLenConstraint: 3 }, pki.root);
    const sub = await issue({ profile: 'intermediate-ca', subject: 'CN=三级CA, C=CN', notBefore: T0, notAfter: years(T0, 10) }, wide);
    const leaf = await issue({ profile: 'seal', subject: 'CN=印章, C=CN', notBefore: days(T0, 1), notAfter: years(T0, 3) }, sub);
    // root pathLen 1 allows one intermediate; this chain has two.
    expectFailure({ leaf: leaf.cert, intermediates: [wide.cert, sub.cert], anchors, at: AT }, 'ERR_CERT_PATH_LENGTH', 1);
    // The same chain under a root without a limit validates, so the limit is what failed.
    const free = await issue({ profile: 'root-ca', subject: 'CN=无限制根, C=CN', notBefore: T0, notAfter: years(T0, 20) }, undefined);
    const w2 = await issue({ profile: 'intermediate-ca', subject: 'CN=二级CA, C=CN', notBefore: T0, notAfter: years(T0, 10), pathLenConstraint: 3 }, free);
    const s2 = await issue({ profile: 'intermediate-ca', subject: 'CN=三级CA, C=CN', notBefore: T0, notAfter: years(T0, 10) }, w2);
    const l2 = await issue({ profile: 'seal', subject: 'CN=印章, C=CN', notBefore: days(T0, 1), notAfter: years(T0, 3) }, s2);
    expect(validatePath({ leaf: l2.cert, intermediates: [w2.cert, s2.cert], anchors: [free.cert], at: AT }).chain).toHaveLength(4);
  });

  it('pathLen 0 of an intermediate exceeded → ERR_CERT_PATH_LENGTH', async () => {
    const free = await issue({ profile: 'root-ca', subject: 'CN=无限制根, C=CN', notBefore: T0, notAfter: years(T0, 20) }, undefined);
    const ca0 = await issue({ profile: 'intermediate-ca', subject: 'CN=零级CA, C=CN', notBefore: T0, notAfter: years(T0, 10) }, free);
    const kp = generateKeyPair();
    const sub = await craftCertificate({
      subject: 'CN=越级CA, C=CN', publicKey: kp.publicKey, issuer: ca0.cert, issuerSigner: ca0.signer,
      notBefore: T0, notAfter: years(T0, 5), basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'],
    });
    const { softwareSigner } = await import('../../../src/crypto/signer.ts');
    const leaf = await craftCertificate({
      subject: 'CN=leaf, C=CN', publicKey: generateKeyPair().publicKey, issuer: sub, issuerSigner: softwareSigner('x', kp.privateKey, []),
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'],
    });
    expectFailure({ leaf, intermediates: [sub, ca0.cert], anchors: [free.cert], at: AT }, 'ERR_CERT_PATH_LENGTH', 1);
  });

  it('an unknown critical extension → ERR_CERT_CRITICAL_EXTENSION', async () => {
    const leaf = await craftCertificate({
      subject: 'CN=leaf, C=CN', publicKey: generateKeyPair().publicKey, issuer: pki.sealCa.cert, issuerSigner: pki.sealCa.signer,
      notBefore: days(T0, 2), notAfter: years(T0, 2), keyUsage: ['digitalSignature'],
      extra: [encodeExtension('1.2.3.4.5', true, Uint8Array.of(0x05, 0x00))],
    });
    expect(leaf.unhandledCriticalExtensions).toEqual(['1.2.3.4.5']);
    expectFailure({ ...sealOpts, leaf }, 'ERR_CERT_CRITICAL_EXTENSION', 0);
  });

  it('revoked by the issuer CRL → ERR_CERT_REVOKED', async () => {
    const crl = await crlOf(pki.sealCa, { revoked: [pki.signer.cert, pki.seal.cert] });
    const e = expectFailure({ ...sealOpts, crls: [crl] }, 'ERR_CERT_REVOKED', 0);
    expect(e.message).toContain('keyCompromise');
    // The other certificate of the same CA is unaffected.
    expect(validatePath({ ...sealOpts, leaf: pki.staff.cert, crls: [crl] }).revocation[0]).toBe('unchecked');
  });

  it('a revoked intermediate → ERR_CERT_REVOKED at depth 1', async () => {
    const crl = await crlOf(pki.root, { revoked: [pki.sealCa.cert] });
    expectFailure({ ...sealOpts, crls: [crl, await crlOf(pki.sealCa)] }, 'ERR_CERT_REVOKED', 1);
  });

  it('a stale CRL → ERR_CRL_STALE', async () => {
    const old = await crlOf(pki.sealCa, { thisUpdate: days(AT, -30), nextUpdate: days(AT, -1) });
    expectFailure({ ...sealOpts, crls: [old] }, 'ERR_CRL_STALE', 0);
    const future = await crlOf(pki.sealCa, { thisUpdate: days(AT, 1), nextUpdate: days(AT, 8) });
    expectFailure({ ...sealOpts, crls: [future] }, 'ERR_CRL_STALE', 0);
  });

  it('a stale CRL that lists the certificate still says revoked', async () => {
    const old = await crlOf(pki.sealCa, { revoked: [pki.seal.cert], thisUpdate: days(AT, -30), nextUpdate: days(AT, -1) });
    expectFailure({ ...sealOpts, crls: [old] }, 'ERR_CERT_REVOKED', 0);
  });

  it('a stale CRL next to a current one: the current one decides', async () => {
    const old = await crlOf(pki.sealCa, { thisUpdate: days(AT, -30), nextUpdate: days(AT, -1) });
    expect(validatePath({ ...sealOpts, crls: [old, await crlOf(pki.sealCa)] }).revocation[0]).toBe('good');
  });

  it('missing CRL with requireRevocationInfo → ERR_CERT_REVOCATION_UNKNOWN', async () => {
    // The root's CRL covers the seal-maker CA; nothing covers the seal certificate.
    expectFailure({ ...sealOpts, crls: [await crlOf(pki.root)], requireRevocationInfo: true }, 'ERR_CERT_REVOCATION_UNKNOWN', 0);
    expectFailure({ ...sealOpts, requireRevocationInfo: true }, 'ERR_CERT_REVOCATION_UNKNOWN', 1);
    // Another CA's CRL is no substitute.
    expectFailure({ ...sealOpts, crls: [await crlOf(pki.root), await crlOf(pki.staffCa)], requireRevocationInfo: true }, 'ERR_CERT_REVOCATION_UNKNOWN', 0);
  });

  it('a CRL in the issuer name but signed by another key → ERR_CRL_SIGNATURE', async () => {
    const forged = await buildCrl(
      { thisUpdate: days(AT, -1), nextUpdate: days(AT, 6), crlNumber: 1, revoked: [] },
      { certificate: { ...pki.sealCa.cert, publicKey: pki.staffCa.cert.publicKey }, signer: pki.staffCa.signer },
    );
    expect(forged.issuer.der).toEqual(pki.sealCa.cert.subject.der);
    expectFailure({ ...sealOpts, crls: [forged], requireRevocationInfo: false }, 'ERR_CRL_SIGNATURE', 0);
  });

  it('a malformed CRL → ERR_CRL_MALFORMED', () => {
    expectFailure({ ...sealOpts, crls: [new Uint8Array([0x30, 0x03, 1, 1, 0])] }, 'ERR_CRL_MALFORMED');
  });

  it('EKU asked of a certificate without it → ERR_CERT_KEY_USAGE', () => {
    expectFailure({ ...sealOpts, extendedKeyUsage: [OID_EKU.clientAuth] }, 'ERR_CERT_KEY_USAGE', 0);
  });

  it('key usage the leaf lacks → ERR_CERT_KEY_USAGE', () => {
    expectFailure({ leaf: pki.staff.cert, intermediates, anchors, at: AT, keyUsage: ['nonRepudiation'] }, 'ERR_CERT_KEY_USAGE', 0);
    expect(validatePath({ ...sealOpts, keyUsage: ['nonRepudiation', 'digitalSignature'] }).chain).toHaveLength(3);
  });

  it('a CA restricted by EKU cannot certify other purposes', async () => {
    const { OID_EXT: ext } = await import('../../../src/crypto/x509/oids.ts');
    const { encodeExtendedKeyUsage } = await import('../../../src/crypto/x509/extensions.ts');
    const kp = generateKeyPair();
    const ca = await craftCertificate({
      subject: 'CN=仅时间戳CA, C=CN', publicKey: kp.publicKey, issuer: pki.root.cert, issuerSigner: pki.root.signer,
      notBefore: T0, notAfter: years(T0, 5), basicConstraints: { ca: true }, keyUsage: ['keyCertSign'],
      extra: [encodeExtension(ext.extKeyUsage, false, encodeExtendedKeyUsage([OID_EKU.timeStamping]))],
    });
    const { softwareSigner } = await import('../../../src/crypto/signer.ts');
    const leaf = await issue({ profile: 'staff', subject: 'CN=王五, C=CN', notBefore: days(T0, 1), notAfter: years(T0, 2) },
      { keys: kp, signer: softwareSigner('ca', kp.privateKey, []), cert: ca });
    expectFailure({ leaf: leaf.cert, intermediates: [ca], anchors, at: AT, extendedKeyUsage: [OID_EKU.clientAuth] }, 'ERR_CERT_KEY_USAGE', 1);
  });

  it('a malformed leaf → ERR_CERT_MALFORMED; bad options → ERR_CERT_CHAIN', () => {
    expectFailure({ ...sealOpts, leaf: new Uint8Array([0x30, 0x80, 0, 0]) }, 'ERR_CERT_MALFORMED');
    expectFailure({ ...sealOpts, anchors: [] }, 'ERR_CERT_CHAIN');
    expectFailure({ ...sealOpts, at: new Date(Number.NaN) }, 'ERR_CERT_CHAIN');
  });
});
