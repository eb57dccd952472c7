// Properties: damaged certificates and CRLs are always rejected with a CryptoError code, by the
// parser or by the signature check, and never with another exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { buildCrl, checkCrl, parseCertificate, parseCrl, validatePath } from '../../../src/crypto/x509/index.ts';
import { AT, days, makePki } from './pki.ts';

const pki = await makePki();
const crl = await buildCrl({
  thisUpdate: days(AT, -1), nextUpdate: days(AT, 6), crlNumber: 3,
  revoked: [{ serialNumber: pki.signer.cert.serialNumber, revocationDate: days(AT, -2), reason: 'superseded' }],
}, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });

function flip(der: Uint8Array, bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(der);
  for (const b of bits) out[b >> 3]! ^= 0x80 >> (b & 7);
  return out;
}

/** The error code thrown by `f`, or 'accepted'; anything but a CryptoError fails the test. */
function outcome(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (e instanceof CryptoError) return e.code;
    throw e;
  }
}

const bitFlips = (der: Uint8Array) => fc.uniqueArray(fc.nat(der.length * 8 - 1), { minLength: 1, maxLength: 3 });

describe('damaged input is rejected with a code', () => {
  it('bit flips anywhere in a certificate: parse error or failed validation, never accepted', () => {
    const der = pki.seal.cert.der;
    const seen = new Set<string>();
    fc.assert(fc.property(bitFlips(der), (bits) => {
      const code = outcome(() => validatePath({ leaf: flip(der, bits), intermediates: [pki.sealCa.cert], anchors: [pki.root.cert], at: AT }));
      seen.add(code);
      expect(code).not.toBe('accepted');
    }), { numRuns: 400 });
    // Both kinds of rejection occur, so the property is not passing for one trivial reason.
    expect(seen).toContain('ERR_CERT_MALFORMED');
    expect(seen).toContain('ERR_CERT_SIGNATURE');
  });

  it('bit flips in an intermediate certificate are caught the same way', () => {
    const der = pki.sealCa.cert.der;
    fc.assert(fc.property(bitFlips(der), (bits) => {
      const code = outcome(() => validatePath({ leaf: pki.seal.cert, intermediates: [flip(der, bits)], anchors: [pki.root.cert], at: AT }));
      // A damaged intermediate is either unusable (no chain) or fails its signature check.
      expect(['ERR_CERT_CHAIN', 'ERR_CERT_SIGNATURE']).toContain(code);
    }), { numRuns: 150 });
  });

  it('bit flips in a CRL: parse error or failed check, never a usable CRL', () => {
    fc.assert(fc.property(bitFlips(crl.der), (bits) => {
      const code = outcome(() => checkCrl(parseCrl(flip(crl.der, bits)), pki.sealCa.cert, AT));
      expect(code).not.toBe('accepted');
    }), { numRuns: 300 });
  });

  it('truncations and random bytes only ever give ERR_CERT_MALFORMED', () => {
    const der = pki.staff.cert.der;
    fc.assert(fc.property(fc.nat(der.length - 1), (n) => {
      expect(outcome(() => parseCertificate(der.subarray(0, n)))).toBe('ERR_CERT_MALFORMED');
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      expect(outcome(() => parseCertificate(bytes))).toBe('ERR_CERT_MALFORMED');
      expect(outcome(() => parseCrl(bytes))).toBe('ERR_CRL_MALFORMED');
    }), { numRuns: 500 });
  });

  it('random bytes spliced into a certificate never escape as another exception', () => {
    const der = pki.seal.cert.der;
    fc.assert(fc.property(fc.nat(der.length), fc.uint8Array({ minLength: 1, maxLength: 8 }), (at, junk) => {
      const spliced = new Uint8Array([...der.subarray(0, at), ...junk, ...der.subarray(at)]);
      expect(outcome(() => validatePath({ leaf: spliced, intermediates: [pki.sealCa.cert], anchors: [pki.root.cert], at: AT }))).not.toBe('accepted');
    }), { numRuns: 200 });
  });
});
