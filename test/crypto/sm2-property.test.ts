import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCryptoError } from '../../src/crypto/errors.ts';
import { decrypt, encrypt, publicKeyFromPrivate, sign, verify } from '../../src/crypto/sm2.ts';
import { isValidPrivateKey } from '../../src/crypto/sm2-context.ts';

// Private keys from arbitrary 32-byte strings, skipping the rare invalid ones.
const privateKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter(isValidPrivateKey);
const message = fc.uint8Array({ maxLength: 200 });

/** 'ok' when f returns true, 'false', or the CryptoError code; anything else fails the test. */
function outcome(f: () => boolean): string {
  try {
    return f() ? 'ok' : 'false';
  } catch (e) {
    if (isCryptoError(e)) return e.code;
    throw e;
  }
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[(bit >> 3) % out.length]! ^= 1 << (bit & 7);
  return out;
}

describe('sm2 properties', () => {
  it('sign then verify holds for random keys, messages and IDs', () => {
    fc.assert(fc.property(privateKey, message, fc.uint8Array({ maxLength: 40 }), (d, m, id) => {
      const pub = publicKeyFromPrivate(d);
      expect(verify(pub, m, sign(d, m, { id }), { id })).toBe(true);
    }), { numRuns: 60 });
  });

  it('a flipped bit in the signature, message or public key is rejected', () => {
    fc.assert(fc.property(privateKey, message, fc.nat(), (d, m, bit) => {
      const pub = publicKeyFromPrivate(d);
      const sig = sign(d, m, { publicKey: pub });
      expect(outcome(() => verify(pub, m, flip(sig, bit)))).toBe('false');
      if (m.length > 0) expect(outcome(() => verify(pub, flip(m, bit), sig))).toBe('false');
      expect(['false', 'ERR_SM2_BAD_PUBLIC_KEY']).toContain(outcome(() => verify(flip(pub, bit), m, sig)));
    }), { numRuns: 60 });
  });

  it('random bytes as a signature or key never verify and never throw oddly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 70 }), (sig, key) => {
      const pub = publicKeyFromPrivate(new Uint8Array(32).fill(1));
      expect(outcome(() => verify(pub, new Uint8Array(1), sig))).toBe('false');
      expect(['false', 'ERR_SM2_BAD_PUBLIC_KEY']).toContain(outcome(() => verify(key, new Uint8Array(1), sig)));
    }), { numRuns: 200 });
  });

  it('encrypt then decrypt holds; a flipped ciphertext bit is ERR_SM2_DECRYPT', () => {
    fc.assert(fc.property(privateKey, message, fc.nat(), (d, m, bit) => {
      const pub = publicKeyFromPrivate(d);
      const c = encrypt(pub, m);
      expect(Buffer.from(decrypt(d, c)).equals(m)).toBe(true);
      expect(outcome(() => decrypt(d, flip(c, bit)).length >= 0)).toBe('ERR_SM2_DECRYPT');
    }), { numRuns: 40 });
  });
});
