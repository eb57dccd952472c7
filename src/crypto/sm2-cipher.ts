// SM2 public-key encryption (GB/T 32918.4) in the C1 ‖ C3 ‖ C2 layout of GM/T 0003.4 / GB/T 35276,
// C1 an uncompressed point.
import { createHash, timingSafeEqual } from 'node:crypto';
import { CryptoError } from './errors.ts';
import {
  MAX_ATTEMPTS, assertPrivateKey, assertPublicKey, engine, randomNonce, retriesExhausted,
} from './sm2-context.ts';
import { SM2_POINT_LENGTH } from './sm2-curve.ts';

const C3_LENGTH = 32;
const OVERHEAD = SM2_POINT_LENGTH + C3_LENGTH;

/** KDF of GB/T 32918.4: SM3(Z ‖ ct) for ct = 1, 2, … concatenated and cut to `length` bytes. */
function kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const counter = new Uint8Array(4);
  const view = new DataView(counter.buffer);
  for (let ct = 1, at = 0; at < length; ct++, at += 32) {
    view.setUint32(0, ct);
    const block = createHash('sm3').update(z).update(counter).digest();
    out.set(block.subarray(0, Math.min(32, length - at)), at);
  }
  return out;
}

function xorInto(target: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= mask[i]!;
}

function c3Of(shared: Uint8Array, message: Uint8Array): Uint8Array {
  const d = createHash('sm3').update(shared.subarray(1, 33)).update(message).update(shared.subarray(33)).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

// The standard draws a new k when the KDF output is all zero, which only a zero-length output
// (nothing to hide) can make likely; skipping that case is what keeps the loop finite.
function allZero(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let acc = 0;
  for (let i = 0; i < bytes.length; i++) acc |= bytes[i]!;
  return acc === 0;
}

/** Encrypts `plaintext` to `publicKey`; returns C1 ‖ C3 ‖ C2. Throws ERR_SM2_BAD_PUBLIC_KEY. */
export function encrypt(publicKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  assertPublicKey(publicKey);
  if (!(plaintext instanceof Uint8Array)) throw new CryptoError('ERR_SM2_BAD_INPUT', 'SM2 plaintext must be a byte array');
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const k = randomNonce();
    const c1 = engine.baseMul(k);
    const shared = engine.mul(publicKey, k);
    if (c1 === undefined || shared === undefined) continue;
    const t = kdf(shared.subarray(1), plaintext.length);
    if (allZero(t)) continue;
    const out = new Uint8Array(OVERHEAD + plaintext.length);
    out.set(c1, 0);
    out.set(c3Of(shared, plaintext), SM2_POINT_LENGTH);
    const c2 = out.subarray(OVERHEAD);
    c2.set(plaintext);
    xorInto(c2, t);
    return out;
  }
  throw retriesExhausted('encryption');
}

/**
 * Decrypts C1 ‖ C3 ‖ C2. Throws ERR_SM2_BAD_PRIVATE_KEY for a bad key and ERR_SM2_DECRYPT for any
 * ciphertext that is malformed or fails its check value; the cause is not told apart, so the
 * error reveals nothing about which step failed.
 */
export function decrypt(privateKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  assertPrivateKey(privateKey);
  const fail = () => new CryptoError('ERR_SM2_DECRYPT', 'SM2 ciphertext rejected');
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < OVERHEAD) throw fail();
  const shared = engine.mul(ciphertext.subarray(0, SM2_POINT_LENGTH), privateKey);
  if (shared === undefined) throw fail();
  const c2 = ciphertext.subarray(OVERHEAD);
  const t = kdf(shared.subarray(1), c2.length);
  if (allZero(t)) throw fail();
  const message = Uint8Array.from(c2);
  xorInto(message, t);
  const c3 = ciphertext.subarray(SM2_POINT_LENGTH, OVERHEAD);
  if (!timingSafeEqual(c3Of(shared, message), c3)) throw fail();
  return message;
}

/** Bytes an SM2 ciphertext adds to its plaintext (C1 and C3). */
export const SM2_CIPHERTEXT_OVERHEAD = OVERHEAD;
