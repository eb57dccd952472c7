// The native engine against the @noble/curves reference, on random and edge-case inputs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invert } from '@noble/curves/abstract/modular.js';
import { nativeEngine } from '../../src/crypto/sm2-native.ts';
import { SM2_ENGINE } from '../../src/crypto/sm2.ts';
import { Sm2Point, referenceEngine as ref } from '../../src/crypto/sm2-reference.ts';
import { SM2_N, SM2_P, bigIntToBytes, bytesToBigInt, mod } from '../../src/crypto/sm2-curve.ts';

if (process.env.CI === 'true' && nativeEngine === undefined) throw new Error('the native SM2 addon must be built under CI');

const hex = (b: Uint8Array | undefined) => (b === undefined ? 'undefined' : Buffer.from(b).toString('hex'));
const scalarBytes = fc.bigInt({ min: 1n, max: SM2_N - 1n }).map((k) => bigIntToBytes(k));
const point = scalarBytes.map((k) => ref.baseMul(k)!);

// Scalars that stress window recoding and carries: tiny, near n, powers of 2 and 16, runs of ones.
const edgeScalars: bigint[] = [
  1n, 2n, 3n, 7n, 8n, 9n, 15n, 16n, 17n, 31n, 32n, 33n, 255n, 256n,
  // n − 6 is the one scalar whose last window doubles in a top-down ladder.
  ...Array.from({ length: 40 }, (_, i) => SM2_N - BigInt(i + 1)), (SM2_N - 1n) / 2n, (SM2_N + 1n) / 2n,
  ...Array.from({ length: 64 }, (_, i) => 16n ** BigInt(i)),
  ...Array.from({ length: 25 }, (_, i) => mod(2n ** BigInt(i * 10 + 15), SM2_N)),
  ...Array.from({ length: 16 }, (_, i) => (1n << BigInt(16 * i + 16)) - 1n),
  mod(2n ** 256n, SM2_N), mod(2n ** 257n, SM2_N), 0x8888888888888888888888888888888888888888888888888888888888888888n,
  0x7777777777777777777777777777777777777777777777777777777777777777n, SM2_N - 0x88888888n,
];

describe.skipIf(nativeEngine === undefined)('native SM2 engine matches the reference', () => {
  const nat = nativeEngine!;

  it('is the engine the SM2 functions use', () => {
    expect(SM2_ENGINE).toBe('native');
  });

  it('k·G for edge-case and random scalars', () => {
    for (const k of edgeScalars) expect(hex(nat.baseMul(bigIntToBytes(k))), `k = ${k.toString(16)}`).toBe(hex(ref.baseMul(bigIntToBytes(k))));
    fc.assert(fc.property(scalarBytes, (k) => {
      expect(hex(nat.baseMul(k))).toBe(hex(ref.baseMul(k)));
    }), { numRuns: 200 });
  });

  it('k·P for edge-case and random scalars and points', () => {
    for (const base of [1n, 2n, 0x1234567n, SM2_N - 1n]) {
      const p = ref.baseMul(bigIntToBytes(base))!;
      for (const k of edgeScalars) expect(hex(nat.mul(p, bigIntToBytes(k))), `k = ${k.toString(16)}`).toBe(hex(ref.mul(p, bigIntToBytes(k))));
    }
    fc.assert(fc.property(point, scalarBytes, (q, k) => {
      expect(hex(nat.mul(q, k))).toBe(hex(ref.mul(q, k)));
    }), { numRuns: 100 });
  });

  it('rejects out-of-range scalars and invalid points alike', () => {
    const g = ref.baseMul(bigIntToBytes(1n))!;
    for (const k of [0n, SM2_N, SM2_N + 1n, 2n ** 256n - 1n]) {
      expect(nat.baseMul(bigIntToBytes(k))).toBeUndefined();
      expect(nat.mul(g, bigIntToBytes(k))).toBeUndefined();
    }
    expect(nat.baseMul(new Uint8Array(31))).toBeUndefined();
    const offCurve = g.slice();
    offCurve[64]! ^= 1;
    expect(nat.mul(offCurve, bigIntToBytes(5n))).toBeUndefined();
    const big = new Uint8Array(65);
    big[0] = 4;
    big.set(bigIntToBytes(SM2_P), 1);
    for (const q of [offCurve, big, g.subarray(1), new Uint8Array(65), Uint8Array.of(2, ...g.subarray(1))]) {
      expect(nat.isValidPoint(q)).toBe(false);
      expect(ref.isValidPoint(q)).toBe(false);
      expect(nat.prepareKey(q)).toBeUndefined();
    }
    fc.assert(fc.property(point, fc.nat(), (q, bit) => {
      const bad = q.slice();
      bad[1 + ((bit >> 3) % 64)]! ^= 1 << (bit & 7);
      expect(nat.isValidPoint(bad)).toBe(ref.isValidPoint(bad));
    }), { numRuns: 200 });
  });

  it('signs identically for the same d, e, k, including the rejected cases', () => {
    fc.assert(fc.property(scalarBytes, fc.uint8Array({ minLength: 32, maxLength: 32 }), scalarBytes, (d, e, k) => {
      expect(hex(nat.sign(d, e, k))).toBe(hex(ref.sign(d, e, k)));
    }), { numRuns: 200 });
    const e = new Uint8Array(32).fill(0xff);
    for (const [d, k] of [[SM2_N - 1n, 5n], [0n, 5n], [5n, 0n], [5n, SM2_N], [SM2_N, 5n], [SM2_N - 2n, SM2_N - 1n], [1n, 1n]]) {
      expect(hex(nat.sign(bigIntToBytes(d!), e, bigIntToBytes(k!)))).toBe(hex(ref.sign(bigIntToBytes(d!), e, bigIntToBytes(k!))));
    }
    // r = 0: choose e = −x(kG) mod n, so both must refuse the k.
    const x1 = bytesToBigInt(ref.baseMul(bigIntToBytes(77n))!.subarray(1, 33));
    const eZero = bigIntToBytes(mod(-x1, SM2_N));
    expect(nat.sign(bigIntToBytes(9n), eZero, bigIntToBytes(77n))).toBeUndefined();
    expect(ref.sign(bigIntToBytes(9n), eZero, bigIntToBytes(77n))).toBeUndefined();
    // r + k = n: e = n − k − x1.
    const eRk = bigIntToBytes(mod(-77n - x1, SM2_N));
    expect(nat.sign(bigIntToBytes(9n), eRk, bigIntToBytes(77n))).toBeUndefined();
    expect(ref.sign(bigIntToBytes(9n), eRk, bigIntToBytes(77n))).toBeUndefined();
  });

  it('verifies identically, cold and with a prepared key', () => {
    fc.assert(fc.property(scalarBytes, fc.uint8Array({ minLength: 32, maxLength: 32 }), scalarBytes, fc.nat(), (d, e, k, bit) => {
      const pub = ref.baseMul(d)!;
      const sig = ref.sign(d, e, k);
      if (sig === undefined) return;
      const r = sig.subarray(0, 32);
      const s = sig.subarray(32);
      const prepared = nat.prepareKey(pub)!;
      expect(nat.verify(pub, e, r, s)).toBe(true);
      expect(nat.verify(prepared, e, r, s)).toBe(true);
      const bad = sig.slice();
      bad[(bit >> 3) % 64]! ^= 1 << (bit & 7);
      const expected = ref.verify(pub, e, bad.subarray(0, 32), bad.subarray(32));
      expect(nat.verify(pub, e, bad.subarray(0, 32), bad.subarray(32))).toBe(expected);
      expect(nat.verify(prepared, e, bad.subarray(0, 32), bad.subarray(32))).toBe(expected);
      expect(expected).toBe(false);
    }), { numRuns: 100 });
  });

  it('rejects r, s out of range and r + s = n', () => {
    const d = bigIntToBytes(12345n);
    const pub = ref.baseMul(d)!;
    const e = new Uint8Array(32).fill(1);
    const prepared = nat.prepareKey(pub)!;
    const r = 1000n;
    for (const [rr, ss] of [[0n, 5n], [5n, 0n], [SM2_N, 5n], [5n, SM2_N], [r, SM2_N - r], [2n ** 256n - 1n, 5n]]) {
      for (const key of [pub, prepared]) {
        expect(nat.verify(key, e, bigIntToBytes(rr!), bigIntToBytes(ss!))).toBe(false);
      }
      expect(ref.verify(pub, e, bigIntToBytes(rr!), bigIntToBytes(ss!))).toBe(false);
    }
    expect(nat.verify({ point: pub } as never, e, bigIntToBytes(5n), bigIntToBytes(5n))).toBe(false);
  });

  it('accepts constructed signatures for chosen s and t of every size', () => {
    // Pick s and t, compute Q = s·G + t·P with noble, then r = t − s and e = r − x(Q) make the
    // verification equation hold; both engines, cold and prepared, must accept.
    const sizes = fc.oneof(
      fc.bigInt({ min: 1n, max: 300n }),
      fc.bigInt({ min: 1n, max: SM2_N - 1n }),
      fc.constantFrom(1n, 2n, 63n, 64n, 2n ** 128n, SM2_N - 1n, SM2_N - 2n, 2n ** 255n),
    );
    fc.assert(fc.property(scalarBytes, sizes, sizes, (d, s, t) => {
      const r = mod(t - s, SM2_N);
      if (r === 0n) return;
      const p = Sm2Point.fromBytes(ref.baseMul(d)!);
      const q = Sm2Point.BASE.multiply(s).add(p.multiply(t));
      if (q.is0()) return;
      const e = bigIntToBytes(mod(r - q.x, SM2_N));
      const pub = p.toBytes(false);
      const args = [e, bigIntToBytes(r), bigIntToBytes(s)] as const;
      expect(ref.verify(pub, ...args)).toBe(true);
      expect(nat.verify(pub, ...args)).toBe(true);
      expect(nat.verify(nat.prepareKey(pub)!, ...args)).toBe(true);
      const eOff = bigIntToBytes(mod(r - q.x - 1n, SM2_N));
      expect(nat.verify(pub, eOff, args[1], args[2])).toBe(false);
    }), { numRuns: 150 });
  });

  it('accepts when x(s·G + t·P) lies in [n, p), the one case where x mod n wraps', () => {
    // Find a point Q with n ≤ x < p, then a key P and e that make s·G + t·P = Q.
    const Fp = Sm2Point.Fp;
    let q: typeof Sm2Point.BASE | undefined;
    for (let x = SM2_N + 1n; q === undefined; x++) {
      const rhs = Fp.add(Fp.sub(Fp.pow(x, 3n), Fp.mul(3n, x)), Sm2Point.CURVE().b);
      try {
        q = Sm2Point.fromAffine({ x, y: Fp.sqrt(rhs) });
      } catch {
        q = undefined;
      }
    }
    const r = 0x1111n;
    const s = 0x2222n;
    const t = r + s;
    const p = q.subtract(Sm2Point.BASE.multiply(s)).multiply(invert(t, SM2_N));
    const pub = p.toBytes(false);
    const e = bigIntToBytes(mod(r - q.x, SM2_N));
    const args = [e, bigIntToBytes(r), bigIntToBytes(s)] as const;
    expect(ref.verify(pub, ...args)).toBe(true);
    expect(nat.verify(pub, ...args)).toBe(true);
    expect(nat.verify(nat.prepareKey(pub)!, ...args)).toBe(true);
    const eOff = bigIntToBytes(mod(r - q.x + 1n, SM2_N));
    expect(nat.verify(pub, eOff, args[1], args[2])).toBe(false);
  });
});
