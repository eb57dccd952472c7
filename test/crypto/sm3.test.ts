import { describe, expect, it } from 'vitest';
import { createSm3, hmacSm3, sm3 } from '../../src/crypto/sm3.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const text = (s: string) => new TextEncoder().encode(s);

describe('sm3', () => {
  it('matches the GB/T 32905 examples', () => {
    expect(hex(sm3(text('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(hex(sm3(text('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes the empty string', () => {
    expect(hex(sm3(new Uint8Array(0)))).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  it('streams to the same digest as one call', () => {
    const data = text('abcd'.repeat(16));
    const h = createSm3();
    h.update(data.subarray(0, 7)).update(data.subarray(7, 40)).update(data.subarray(40));
    expect(hex(h.digest())).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('returns a plain Uint8Array', () => {
    expect(Object.getPrototypeOf(sm3(text('abc')))).toBe(Uint8Array.prototype);
  });
});

describe('hmacSm3', () => {
  // RFC 2104 built by hand on sm3(), so the test does not trust the HMAC it checks.
  function hmacByHand(key: Uint8Array, data: Uint8Array): Uint8Array {
    const block = new Uint8Array(64);
    block.set(key.length > 64 ? sm3(key) : key);
    const ipad = block.map((b) => b ^ 0x36);
    const opad = block.map((b) => b ^ 0x5c);
    return sm3(new Uint8Array([...opad, ...sm3(new Uint8Array([...ipad, ...data]))]));
  }

  it('is HMAC over SM3 for short and long keys', () => {
    for (const key of [text('key'), new Uint8Array(64).fill(7), new Uint8Array(100).fill(9)]) {
      expect(hex(hmacSm3(key, text('The quick brown fox')))).toBe(hex(hmacByHand(key, text('The quick brown fox'))));
    }
  });

  it('has a fixed value for a fixed input', () => {
    expect(hex(hmacSm3(text('key'), text('abc')))).toBe(hex(hmacByHand(text('key'), text('abc'))));
    expect(hmacSm3(text('key'), text('abc')).length).toBe(32);
  });
});
