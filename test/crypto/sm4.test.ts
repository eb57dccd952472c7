import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDecipheriv, createHmac } from 'node:crypto';
import { sm4Decrypt, sm4Encrypt, sm4KeyIdOf } from '../../src/crypto/sm4.ts';
import { codeOf } from '../support/crypto-error.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const text = (s: string) => new TextEncoder().encode(s);

const key1 = bytes('0123456789abcdeffedcba9876543210');
const key2 = bytes('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
const ring = (id: string) => ({ k1: key1, k2: key2 })[id];

describe('sm4 sealed format', () => {
  it('decrypts a stored ciphertext (the format is frozen)', () => {
    const stored = bytes(
      '01026b31' + '97d4d66a3483da597134311abdfcd9d1' + 'deacfaae1db7f6dfd4d13027f0a94232beef' +
      '84b26c87785ece0d6bc37dc6f0f757465b20712148e1a304e820c18c7af29fd5',
    );
    // Rebuild the expected bytes from the spec, so the stored vector is explained, not magic.
    const enc = createHmac('sm3', key1).update('yinxin/sm4-ctr').digest().subarray(0, 16);
    const mac = createHmac('sm3', key1).update('yinxin/hmac-sm3').digest();
    const iv = stored.subarray(4, 20);
    const body = stored.subarray(20, stored.length - 32);
    const plain = Buffer.concat([createDecipheriv('sm4-ctr', enc, iv).update(body)]);
    const tag = createHmac('sm3', mac).update(Buffer.alloc(8)).update(stored.subarray(0, stored.length - 32)).digest();
    expect(hex(stored.subarray(stored.length - 32))).toBe(hex(tag));
    expect(hex(sm4Decrypt(ring, stored))).toBe(hex(plain));
    expect(new TextDecoder().decode(plain)).toBe('licence record 001');
  });

  it('lays out version, key id, iv, body and tag', () => {
    const c = sm4Encrypt('k2', key2, text('hello'), text('row 7'));
    expect(c[0]).toBe(1);
    expect(c[1]).toBe(2);
    expect(new TextDecoder().decode(c.subarray(2, 4))).toBe('k2');
    expect(c.length).toBe(2 + 2 + 16 + 5 + 32);
    expect(sm4KeyIdOf(c)).toBe('k2');
    expect(new TextDecoder().decode(sm4Decrypt(ring, c, text('row 7')))).toBe('hello');
  });

  it('uses a fresh iv each time', () => {
    expect(hex(sm4Encrypt('k1', key1, text('same')))).not.toBe(hex(sm4Encrypt('k1', key1, text('same'))));
  });

  it('rejects wrong associated data, wrong key and unknown key ids', () => {
    const c = sm4Encrypt('k1', key1, text('data'), text('aad'));
    expect(codeOf(() => sm4Decrypt(ring, c))).toBe('ERR_SM4_AUTH');
    expect(codeOf(() => sm4Decrypt(ring, c, text('aaD')))).toBe('ERR_SM4_AUTH');
    expect(codeOf(() => sm4Decrypt(() => key2.subarray(0, 16), c, text('aad')))).toBe('ERR_SM4_AUTH');
    expect(codeOf(() => sm4Decrypt(() => undefined, c, text('aad')))).toBe('ERR_SM4_UNKNOWN_KEY');
  });

  it('rejects malformed input with codes', () => {
    expect(codeOf(() => sm4KeyIdOf(new Uint8Array(0)))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4KeyIdOf(bytes('0200')))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4KeyIdOf(bytes('0100' + '00'.repeat(60))))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4KeyIdOf(bytes('01ff' + '00'.repeat(60))))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4KeyIdOf(bytes('0101ff' + '00'.repeat(48))))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4Decrypt(ring, 'x' as unknown as Uint8Array))).toBe('ERR_SM4_MALFORMED');
    expect(codeOf(() => sm4Encrypt('', key1, text('x')))).toBe('ERR_SM4_BAD_KEY_ID');
    expect(codeOf(() => sm4Encrypt('x'.repeat(256), key1, text('x')))).toBe('ERR_SM4_BAD_KEY_ID');
    expect(codeOf(() => sm4Encrypt('k', key1.subarray(1), text('x')))).toBe('ERR_SM4_BAD_KEY');
    expect(codeOf(() => sm4Decrypt(() => new Uint8Array(3), sm4Encrypt('k', key1, text('x'))))).toBe('ERR_SM4_BAD_KEY');
  });
});

describe('sm4 properties', () => {
  it('round-trips any plaintext, key id and associated data', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.string({ minLength: 1, maxLength: 60 }), fc.uint8Array({ maxLength: 40 }),
      (plain, key, keyId, aad) => {
        const c = sm4Encrypt(keyId, key, plain, aad);
        expect(sm4KeyIdOf(c)).toBe(keyId);
        expect(hex(sm4Decrypt((id) => (id === keyId ? key : undefined), c, aad))).toBe(hex(plain));
      },
    ));
  });

  it('rejects every single bit flip with a CryptoError', () => {
    const c = sm4Encrypt('k1', key1, text('a record of some length'), text('aad'));
    fc.assert(fc.property(fc.integer({ min: 0, max: c.length * 8 - 1 }), (bit) => {
      const bad = c.slice();
      bad[bit >> 3]! ^= 1 << (bit & 7);
      const code = codeOf(() => sm4Decrypt(ring, bad, text('aad')));
      expect(['ERR_SM4_AUTH', 'ERR_SM4_MALFORMED', 'ERR_SM4_UNKNOWN_KEY']).toContain(code);
    }), { numRuns: 300 });
  });

  it('never throws anything but a CryptoError for random input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (junk) => {
      const code = codeOf(() => sm4Decrypt(ring, junk));
      expect(code).toMatch(/^ERR_SM4_/);
    }));
  });
});
