// Shared state of the SM2 functions: which curve engine runs, and a bounded cache of what is bound
// to a public key (validation, Z_A per ID, precomputed tables), so that verifying many signatures
// by one key skips that work after the first.
import { createHash, randomBytes } from 'node:crypto';
import { CryptoError } from './errors.ts';
import type { PreparedKey, Sm2Engine } from './sm2-engine.ts';
import { nativeEngine } from './sm2-native.ts';
import { referenceEngine } from './sm2-reference.ts';
import { SM2_CURVE_BYTES, SM2_N, SM2_POINT_LENGTH, SM2_SCALAR_LENGTH, bigIntToBytes } from './sm2-curve.ts';

/** The engine the SM2 functions use: native when its addon is built, the reference otherwise. */
export const engine: Sm2Engine = nativeEngine ?? referenceEngine;

/** How many public keys keep their cached state; tables take about 33 KB per key. */
const CACHE_SIZE = 256;
/**
 * A key gets a precomputed table once it has been used this many times. The native table costs
 * about as much as six verifications without it and then saves most of each one, so building it
 * on the fourth use wastes little on keys seen once or twice and pays off quickly on busy keys.
 */
const TABLE_AFTER_USES = 4;
/** ENTL is a 16-bit count of ID bits. */
const MAX_ID_LENGTH = 8191;

interface KeyState {
  uses: number;
  prepared: PreparedKey | undefined;
  readonly z: Map<string, Uint8Array>;
}

const cache = new Map<string, KeyState>();

function cacheKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

function badPublicKey(why: string): CryptoError {
  return new CryptoError('ERR_SM2_BAD_PUBLIC_KEY', `SM2 public key: ${why}`);
}

/** Throws ERR_SM2_BAD_PUBLIC_KEY unless `publicKey` is a Uint8Array of 65 bytes starting 04. */
function checkShape(publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array)) throw badPublicKey('not a byte array');
  if (publicKey.length !== SM2_POINT_LENGTH || publicKey[0] !== 4) {
    throw badPublicKey('expected a 65-byte uncompressed point 04 ‖ x ‖ y');
  }
}

/**
 * The cached state of a public key, validating it on first sight. Throws ERR_SM2_BAD_PUBLIC_KEY
 * for anything but a valid uncompressed point on the curve.
 */
function stateOf(publicKey: Uint8Array): KeyState {
  checkShape(publicKey);
  const k = cacheKey(publicKey);
  let state = cache.get(k);
  if (state !== undefined) {
    // Re-inserting keeps the Map in least-recently-used order.
    cache.delete(k);
  } else {
    if (!engine.isValidPoint(publicKey)) throw badPublicKey('not a point on the SM2 curve');
    state = { uses: 0, prepared: undefined, z: new Map() };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(k, state);
  return state;
}

/** Throws ERR_SM2_BAD_PUBLIC_KEY unless `publicKey` is a valid uncompressed SM2 point. */
export function assertPublicKey(publicKey: Uint8Array): void {
  stateOf(publicKey);
}

/**
 * The key to hand to `engine.verify`: the prepared form once the key has been used often
 * enough to repay the table, the bare point before that.
 */
export function verifyKeyFor(publicKey: Uint8Array): PreparedKey | Uint8Array {
  const state = stateOf(publicKey);
  state.uses++;
  if (state.prepared === undefined && state.uses >= TABLE_AFTER_USES) {
    state.prepared = engine.prepareKey(publicKey);
  }
  return state.prepared ?? publicKey;
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ xA ‖ yA) (GB/T 32918.2), cached per key and ID. */
export function zValue(publicKey: Uint8Array, id: Uint8Array): Uint8Array {
  if (!(id instanceof Uint8Array) || id.length > MAX_ID_LENGTH) {
    throw new CryptoError('ERR_SM2_BAD_ID', `SM2 ID must be a byte array of at most ${MAX_ID_LENGTH} bytes`);
  }
  const state = stateOf(publicKey);
  const idKey = cacheKey(id);
  let z = state.z.get(idKey);
  if (z === undefined) {
    const entl = new Uint8Array([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
    const digest = createHash('sm3').update(entl).update(id).update(SM2_CURVE_BYTES).update(publicKey.subarray(1)).digest();
    z = new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
    // An unbounded set of IDs for one key must not grow without limit either.
    if (state.z.size >= 8) state.z.clear();
    state.z.set(idKey, z);
  }
  return z;
}

const N_MINUS_1 = bigIntToBytes(SM2_N - 1n);

/** a < b for equal-length big-endian byte strings, in time independent of their values. */
function lessThan(a: Uint8Array, b: Uint8Array): boolean {
  let borrow = 0;
  for (let i = a.length - 1; i >= 0; i--) borrow = ((a[i]! - b[i]! - borrow) >>> 31) & 1;
  return borrow === 1;
}

function isZero(a: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i]!;
  return acc === 0;
}

/** True when d is 32 bytes with 1 ≤ d ≤ n − 2 (1 + d must be invertible mod n). */
export function isValidPrivateKey(d: Uint8Array): boolean {
  return d instanceof Uint8Array && d.length === SM2_SCALAR_LENGTH && !isZero(d) && lessThan(d, N_MINUS_1);
}

/** Throws ERR_SM2_BAD_PRIVATE_KEY unless `d` is a valid SM2 private key. */
export function assertPrivateKey(d: Uint8Array): void {
  if (!isValidPrivateKey(d)) {
    throw new CryptoError('ERR_SM2_BAD_PRIVATE_KEY', 'SM2 private key must be 32 bytes in [1, n − 2]');
  }
}

/**
 * How many fresh random values a retry loop may draw. A draw fails with probability about 2^-32,
 * so reaching this means the random source or the engine is broken, not bad luck.
 */
export const MAX_ATTEMPTS = 16;

/** Error for a retry loop that ran out of attempts. */
export function retriesExhausted(what: string): CryptoError {
  return new CryptoError('ERR_SM2_INTERNAL', `SM2 ${what}: no usable random value after ${MAX_ATTEMPTS} attempts`);
}

/** A uniformly random private key, by rejection sampling. */
export function randomPrivateKey(): Uint8Array {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const d = new Uint8Array(randomBytes(SM2_SCALAR_LENGTH));
    if (isValidPrivateKey(d)) return d;
  }
  throw retriesExhausted('key generation');
}

/** A random 32-byte string for a per-signature or per-encryption k; the engine rejects k ≥ n. */
export function randomNonce(): Uint8Array {
  return new Uint8Array(randomBytes(SM2_SCALAR_LENGTH));
}
