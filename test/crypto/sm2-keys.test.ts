import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { generateKeyPair, publicKeyFromPrivate } from '../../src/crypto/sm2.ts';
import {
  decodePrivateKeyPem, decodePrivateKeyPkcs8, decodePublicKeyPem, decodePublicKeySpki, encodePrivateKeyPem,
  encodePrivateKeyPkcs8, encodePublicKeyPem, encodePublicKeySpki,
} from '../../src/crypto/sm2-keys.ts';
import { codeOf } from '../support/crypto-error.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

// The GB/T 32918.5 example key, encoded as OpenSSL 3.0 encodes it.
const d = bytes('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8');
const P = publicKeyFromPrivate(d);
const SPKI = '3059301306072a8648ce3d020106082a811ccf5501822d03420004'
  + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020'
  + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const PKCS8 = '308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420'
  + '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8a14403420004'
  + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020'
  + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';

describe('sm2 key encodings', () => {
  it('encodes SPKI and PKCS#8 to the exact expected bytes', () => {
    expect(hex(encodePublicKeySpki(P))).toBe(SPKI);
    expect(hex(encodePrivateKeyPkcs8(d))).toBe(PKCS8);
    expect(hex(encodePrivateKeyPkcs8(d, P))).toBe(PKCS8);
  });

  it('decodes them back', () => {
    expect(hex(decodePublicKeySpki(bytes(SPKI)))).toBe(hex(P));
    const pair = decodePrivateKeyPkcs8(bytes(PKCS8));
    expect(hex(pair.privateKey)).toBe(hex(d));
    expect(hex(pair.publicKey)).toBe(hex(P));
  });

  it('round-trips through PEM', () => {
    const kp = generateKeyPair();
    const pem = encodePrivateKeyPem(kp.privateKey);
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(hex(decodePrivateKeyPem(pem).privateKey)).toBe(hex(kp.privateKey));
    const pubPem = encodePublicKeyPem(kp.publicKey);
    expect(hex(decodePublicKeyPem(pubPem))).toBe(hex(kp.publicKey));
    expect(hex(decodePublicKeyPem(pubPem.replace(/\n/g, '\r\n')))).toBe(hex(kp.publicKey));
  });

  it('accepts a PKCS#8 key without the embedded public key', () => {
    const der = '3041020100301306072a8648ce3d020106082a811ccf5501822d0427302502010104203945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    expect(hex(decodePrivateKeyPkcs8(bytes(der)).publicKey)).toBe(hex(P));
  });

  it('rejects a PKCS#8 key whose embedded public key does not match', () => {
    const other = generateKeyPair().publicKey;
    const bad = PKCS8.replace(hex(P), hex(other));
    expect(codeOf(() => decodePrivateKeyPkcs8(bytes(bad)))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
  });

  it('rejects points off the curve and keys on other curves', () => {
    expect(codeOf(() => decodePublicKeySpki(bytes(SPKI.slice(0, -2) + '12')))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = new Uint8Array(p256.publicKey.export({ type: 'spki', format: 'der' }));
    expect(codeOf(() => decodePublicKeySpki(spki))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    const pkcs8 = new Uint8Array(p256.privateKey.export({ type: 'pkcs8', format: 'der' }));
    expect(codeOf(() => decodePrivateKeyPkcs8(pkcs8))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    const zeroKey = PKCS8.replace(hex(d), '00'.repeat(32));
    expect(codeOf(() => decodePrivateKeyPkcs8(bytes(zeroKey)))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => encodePublicKeySpki(P.subarray(1)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
  });

  it('rejects bad PEM', () => {
    expect(codeOf(() => decodePublicKeyPem('nothing here'))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    expect(codeOf(() => decodePublicKeyPem(encodePrivateKeyPem(d)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    expect(codeOf(() => decodePrivateKeyPem('-----BEGIN PRIVATE KEY-----\n$$$$\n-----END PRIVATE KEY-----\n'))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => decodePrivateKeyPem(42 as unknown as string))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
  });

  it('throws only CryptoErrors for random or mutated input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
      expect(codeOf(() => decodePublicKeySpki(junk))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
      expect(codeOf(() => decodePrivateKeyPkcs8(junk))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    }));
    const spki = bytes(SPKI);
    const pkcs8 = bytes(PKCS8);
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const a = spki.slice();
      a[at % a.length]! ^= x;
      const ca = codeOf(() => decodePublicKeySpki(a));
      expect(ca === undefined || ca === 'ERR_SM2_BAD_PUBLIC_KEY').toBe(true);
      const b = pkcs8.slice();
      b[at % b.length]! ^= x;
      const cb = codeOf(() => decodePrivateKeyPkcs8(b));
      expect(cb === undefined || cb === 'ERR_SM2_BAD_PRIVATE_KEY').toBe(true);
    }), { numRuns: 500 });
  });
});
