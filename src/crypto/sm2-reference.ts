// SM2 curve arithmetic on @noble/curves: audited, slower, and the yardstick the native engine is
// tested against. It is also what runs when the native addon is not built; then the mod-n steps
// of signing use BigInt, whose timing is not independent of the private key, so production
// deployments should run with the addon.
import { weierstrass, type WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { invert } from '@noble/curves/abstract/modular.js';
import type { PreparedKey, Sm2Engine } from './sm2-engine.ts';
import {
  SM2_A, SM2_B, SM2_GX, SM2_GY, SM2_N, SM2_P, SM2_POINT_LENGTH, SM2_SCALAR_LENGTH, bigIntToBytes, bytesToBigInt, mod,
} from './sm2-curve.ts';

type Point = WeierstrassPoint<bigint>;

/** The SM2 curve as a noble point type; the base point carries noble's default precomputed table. */
export const Sm2Point = weierstrass<bigint>({ p: SM2_P, n: SM2_N, h: 1n, a: SM2_A, b: SM2_B, Gx: SM2_GX, Gy: SM2_GY });

interface ReferenceKey extends PreparedKey {
  readonly p: Point;
}

function decodePoint(bytes: Uint8Array): Point | undefined {
  if (bytes.length !== SM2_POINT_LENGTH || bytes[0] !== 4) return undefined;
  try {
    const p = Sm2Point.fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch {
    return undefined;
  }
}

function scalar(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== SM2_SCALAR_LENGTH) return undefined;
  const k = bytesToBigInt(bytes);
  return k > 0n && k < SM2_N ? k : undefined;
}

/** The reference engine. */
export const referenceEngine: Sm2Engine = {
  name: '@noble/curves',

  baseMul(k) {
    const kk = scalar(k);
    return kk === undefined ? undefined : Sm2Point.BASE.multiply(kk).toBytes(false);
  },

  mul(point, k) {
    const p = decodePoint(point);
    const kk = scalar(k);
    if (p === undefined || kk === undefined) return undefined;
    return p.multiply(kk).toBytes(false);
  },

  isValidPoint(point) {
    return decodePoint(point) !== undefined;
  },

  prepareKey(point) {
    const p = decodePoint(point);
    if (p === undefined) return undefined;
    // A per-key window table makes repeated multiplications by this key several times cheaper.
    const key: ReferenceKey = { point: Uint8Array.from(point), p: p.precompute(4, false) };
    return key;
  },

  verify(key, e, r, s) {
    const p = key instanceof Uint8Array ? decodePoint(key) : (key as ReferenceKey).p;
    const rr = scalar(r);
    const ss = scalar(s);
    if (p === undefined || rr === undefined || ss === undefined || e.length !== SM2_SCALAR_LENGTH) return false;
    const t = (rr + ss) % SM2_N;
    if (t === 0n) return false;
    const sum = Sm2Point.BASE.multiplyUnsafe(ss).add(p.multiplyUnsafe(t));
    if (sum.is0()) return false;
    return mod(bytesToBigInt(e) + sum.x, SM2_N) === rr;
  },

  sign(d, e, k) {
    const dd = scalar(d);
    const kk = scalar(k);
    if (dd === undefined || kk === undefined || dd === SM2_N - 1n || e.length !== SM2_SCALAR_LENGTH) return undefined;
    const x1 = Sm2Point.BASE.multiply(kk).x;
    const r = mod(bytesToBigInt(e) + x1, SM2_N);
    if (r === 0n || r + kk === SM2_N) return undefined;
    const s = mod(invert(1n + dd, SM2_N) * (kk - r * dd), SM2_N);
    if (s === 0n) return undefined;
    const out = new Uint8Array(2 * SM2_SCALAR_LENGTH);
    out.set(bigIntToBytes(r), 0);
    out.set(bigIntToBytes(s), SM2_SCALAR_LENGTH);
    return out;
  },
};
