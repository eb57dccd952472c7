import { describe, expect, it } from 'vitest';
import { beforeAll } from 'vitest';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { SES_Signature, SESeal, TBS_Sign, signWithSeal, verifySesSignature } from '../../../src/crypto/ses/index.ts';
import type { SesVerificationResult, VerifySesOptions } from '../../../src/crypto/ses/index.ts';
import { decodeSignature, sign } from '../../../src/crypto/sm2.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { buildCrl } from '../../../src/crypto/x509/build-crl.ts';
import { issue } from '../x509/pki.ts';
import { DATA, NOW, SEAL_END, SEAL_START, SIGNED_AT, makeKit, sealFor, withChain } from './seal-kit.ts';
import type { Kit } from './seal-kit.ts';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});

function opts(over: Partial<VerifySesOptions> = {}): VerifySesOptions {
  return {
    signature: kit.signature.der, data: DATA, anchors: [kit.pki.root.cert.der], intermediates: [kit.pki.sealCa.cert.der], at: NOW, ...over,
  };
}

function row(r: SesVerificationResult, id: string) {
  const c = r.checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no row ${id}`);
  return c;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
}

function offsetOf(hay: Uint8Array, needle: Uint8Array): number {
  const i = Buffer.from(hay).indexOf(Buffer.from(needle));
  if (i < 0) throw new Error('slice not found');
  return i;
}

describe('make seal → sign → verify', () => {
  it('passes every check, in the standard order', () => {
    const r = verifySesSignature(opts());
    expect(r.checks.map((c) => c.id)).toEqual([
      'parse', 'seal-signature', 'seal-maker-certificate-at-signing-time', 'seal-maker-certificate-now', 'seal-validity',
      'signer-listed-in-seal', 'signature', 'signer-certificate-at-signing-time', 'signer-certificate-now', 'timestamp', 'data-hash',
    ]);
    expect(r.checks.filter((c) => c.status !== 'passed').map((c) => [c.id, c.status])).toEqual([['timestamp', 'not-present']]);
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(r.signatureIntact).toBe(true);
    expect(r.version).toBe(4);
    expect(r.signingTime).toEqual(SIGNED_AT);
    expect(row(r, 'seal-maker-certificate-at-signing-time').details?.revocation).toBe('unchecked');
  });

  it('accepts a dataHash in place of the data', () => {
    expect(verifySesSignature(opts({ data: undefined, dataHash: sm3(DATA) })).indication).toBe('TOTAL_PASSED');
  });

  it('without data or hash the result is INDETERMINATE, never passed', () => {
    const r = verifySesSignature(opts({ data: undefined }));
    expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'SIGNED_DATA_NOT_FOUND']);
  });
});

describe('tampering', () => {
  it('a bit flipped in the seal information breaks the seal maker signature', () => {
    const sig = kit.signature.der;
    const at = offsetOf(sig, new TextEncoder().encode('某市市场监督管理局'));
    const r = verifySesSignature(opts({ signature: flip(sig, at) }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
    expect(row(r, 'seal-signature').status).toBe('failed');
    expect(r.signatureIntact).toBe(false);
  });

  it('a bit flipped in TBS_Sign (propertyInfo) breaks the signer signature only', () => {
    const sig = kit.signature.der;
    const r = verifySesSignature(opts({ signature: flip(sig, offsetOf(sig, new TextEncoder().encode('licence.pdf'))) }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
    expect(row(r, 'seal-signature').status).toBe('passed');
    expect(row(r, 'signature').status).toBe('failed');
  });

  it('a bit flipped in the signature value fails', () => {
    const sig = kit.signature.der;
    const at = offsetOf(sig, kit.signature.signature) + 10;
    const r = verifySesSignature(opts({ signature: flip(sig, at) }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
  });

  it('a bit flipped in the data is a HASH_FAILURE', () => {
    const r = verifySesSignature(opts({ data: flip(DATA, 3) }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    expect(row(r, 'signature').status).toBe('passed');
  });

  it('garbage is a FORMAT_FAILURE', () => {
    const r = verifySesSignature(opts({ signature: Uint8Array.of(0x30, 0x03, 1, 2, 3) }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    expect(r.checks).toHaveLength(1);
  });
});

describe('seal and signer rules', () => {
  it('refuses to sign for a signer not listed in the seal, and verification fails such a signature', async () => {
    const { pki, seal } = kit;
    const stranger = await issue({ profile: 'signer', subject: 'CN=王五, C=CN', notBefore: SEAL_START, notAfter: SEAL_END }, pki.sealCa);
    const signer = withChain(stranger, pki.sealCa);
    await expect(signWithSeal({ seal, signer, dataHash: sm3(DATA), propertyInfo: 'x', time: SIGNED_AT }))
      .rejects.toMatchObject({ code: 'ERR_SES_SIGNER_NOT_LISTED' });
    // Built by hand, as a forger would.
    const toSign = TBS_Sign.create({ version: 4, eseal: seal, timeInfo: SIGNED_AT, dataHash: sm3(DATA), propertyInfo: 'x' });
    const forged = SES_Signature.encode({ toSign, cert: stranger.cert.der, signatureAlgID: '1.2.156.10197.1.501', signature: await signer.sign(toSign.der) });
    const r = verifySesSignature(opts({ signature: forged }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CONSTRAINTS_FAILURE']);
    expect(row(r, 'signature').status).toBe('passed');
  });

  it('lists signers by certificate digest (certListType 2)', async () => {
    const { pki } = kit;
    const seal = await sealFor(pki, { certListType: 2, certList: [{ type: 'SM3', value: sm3(pki.signer.cert.der) }] } as never);
    const s = await signWithSeal({ seal, signer: withChain(pki.signer, pki.sealCa), dataHash: sm3(DATA), propertyInfo: 'p', time: SIGNED_AT });
    expect(verifySesSignature(opts({ signature: s.der })).indication).toBe('TOTAL_PASSED');
  });

  it('a seal expired at the signing time fails; signing refuses it', async () => {
    const { pki, seal } = kit;
    const late = new Date(SEAL_END.getTime() + 86_400_000);
    const signer = withChain(pki.signer, pki.sealCa);
    await expect(signWithSeal({ seal, signer, dataHash: sm3(DATA), propertyInfo: 'p', time: late })).rejects.toMatchObject({ code: 'ERR_SES_SEAL_NOT_VALID' });
    const toSign = TBS_Sign.create({ version: 4, eseal: seal, timeInfo: late, dataHash: sm3(DATA), propertyInfo: 'p' });
    const s = SES_Signature.encode({ toSign, cert: pki.signer.cert.der, signatureAlgID: '1.2.156.10197.1.501', signature: await signer.sign(toSign.der) });
    const r = verifySesSignature(opts({ signature: s, at: late }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'EXPIRED']);
    expect(row(r, 'seal-validity').status).toBe('failed');
  });

  it('a seal that has expired only since signing passes, and says so', () => {
    const later = new Date(SEAL_END.getTime() + 30 * 86_400_000);
    const r = verifySesSignature(opts({ at: later }));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(row(r, 'seal-validity').details?.now).toBe('expired');
  });

  it('certificates expired only now are warnings, not failures', () => {
    const r = verifySesSignature(opts({ at: new Date('2029-01-01T00:00:00Z') }));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(row(r, 'seal-maker-certificate-now')).toMatchObject({ status: 'warning', subIndication: 'EXPIRED' });
    expect(row(r, 'seal-maker-certificate-at-signing-time').status).toBe('passed');
  });

  it('without the anchor, the maths is intact and the chain is not found', () => {
    const r = verifySesSignature(opts({ anchors: [], intermediates: [] }));
    expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(r.signatureIntact).toBe(true);
    // The embedded seal-maker CA is not an anchor just because it is offered as an intermediate.
    const r2 = verifySesSignature(opts({ anchors: [], intermediates: [kit.pki.sealCa.cert.der] }));
    expect(r2.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('accepts a raw 64-byte r ‖ s signature', async () => {
    const { pki, seal } = kit;
    const toSign = kit.signature.toSign;
    const raw = decodeSignature(sign(pki.signer.keys.privateKey, toSign.der));
    const s = SES_Signature.encode({ toSign, cert: pki.signer.cert.der, signatureAlgID: '1.2.156.10197.1.501', signature: raw });
    expect(raw).toHaveLength(64);
    expect(verifySesSignature(opts({ signature: s })).indication).toBe('TOTAL_PASSED');
    expect(seal.version).toBe(4);
  });
});

describe('revocation', () => {
  async function crlRevoking(serial: string, revocationDate: Date) {
    const { pki } = kit;
    return buildCrl({ thisUpdate: new Date('2026-06-15T00:00:00Z'), nextUpdate: new Date('2026-08-01T00:00:00Z'), crlNumber: 1,
      revoked: [{ serialNumber: serial, revocationDate, reason: 'keyCompromise' }] }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
  }

  it('a signer revoked before the signing time fails with REVOKED', async () => {
    const crl = await crlRevoking(kit.pki.signer.cert.serialNumber, new Date('2026-05-01T00:00:00Z'));
    const r = verifySesSignature(opts({ crls: [crl.der] }));
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'REVOKED']);
  });

  it('a seal key revoked after the signing time does not undo the signature', async () => {
    const crl = await crlRevoking(kit.pki.seal.cert.serialNumber, new Date('2026-06-10T00:00:00Z'));
    const r = verifySesSignature(opts({ crls: [crl.der] }));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(row(r, 'seal-maker-certificate-at-signing-time').details?.revocationChain).toBe('revoked-after-signing, unchecked');
    expect(row(r, 'seal-maker-certificate-now')).toMatchObject({ status: 'warning', subIndication: 'REVOKED' });
    expect(row(r, 'signer-certificate-at-signing-time').details?.revocationChain).toBe('good, unchecked');
  });

  it('requiring revocation information without CRLs gives TRY_LATER', () => {
    const r = verifySesSignature(opts({ requireRevocationInfo: true }));
    expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'TRY_LATER']);
  });
});

describe('making seals', () => {
  it('refuses a maker whose certificate does not match its key', async () => {
    const { pki } = kit;
    const { softwareSigner } = await import('../../../src/crypto/signer.ts');
    const wrong = softwareSigner('x', pki.signer.keys.privateKey, [pki.seal.cert.der]);
    await expect(sealFor({ ...pki, seal: { ...pki.seal, keys: pki.signer.keys, signer: wrong } })).rejects.toBeInstanceOf(CryptoError);
  });

  it('the seal carries the maker certificate and verifies on its own', () => {
    const seal = SESeal.decode(kit.seal.der);
    expect(seal.cert).toEqual(kit.pki.seal.cert.der);
    expect(seal.sealInfo.property.certList).toHaveLength(1);
  });
});
