// SM2 digital signatures (GB/T 32918.2, GM/T 0009) and the entry point for SM2 encryption.
// Every SM2 signature of the service is made and checked here.
import { createHash } from 'node:crypto';
import { CryptoError } from './errors.ts';
import {
  MAX_ATTEMPTS, assertPrivateKey, engine, randomNonce, randomPrivateKey, retriesExhausted, verifyKeyFor, zValue,
} from './sm2-context.ts';
import { decodeSignature, encodeSignature } from './sm2-signature.ts';

export { decrypt, encrypt } from './sm2-cipher.ts';
export { ciphertextFromDer, ciphertextToDer } from './sm2-cipher-der.ts';
export { decodeSignature, encodeSignature } from './sm2-signature.ts';

/**
 * Which curve engine runs: `native` (the addon in build/Release) or `@noble/curves` (the
 * reference, used when the addon is not built). Worth logging at start-up.
 */
export const SM2_ENGINE: string = engine.name;

/** The default distinguishing ID `1234567812345678` (GM/T 0009). */
export const SM2_DEFAULT_ID: Uint8Array = new TextEncoder().encode('1234567812345678');

/** An SM2 key pair. */
export interface Sm2KeyPair {
  /** The private scalar d, 32 bytes big-endian. */
  privateKey: Uint8Array;
  /** The public point 04 ‖ x ‖ y, 65 bytes. */
  publicKey: Uint8Array;
}

/** Options for {@link sign}. */
export interface Sm2SignOptions {
  /** Distinguishing ID hashed into Z_A; defaults to {@link SM2_DEFAULT_ID}. */
  id?: Uint8Array;
  /** The signer's public key, when known, to save deriving it from the private key. */
  publicKey?: Uint8Array;
}

/** Options for {@link verify}. */
export interface Sm2VerifyOptions {
  /** Distinguishing ID the signer used; defaults to {@link SM2_DEFAULT_ID}. */
  id?: Uint8Array;
}

/** A fresh random key pair. */
export function generateKeyPair(): Sm2KeyPair {
  const privateKey = randomPrivateKey();
  return { privateKey, publicKey: publicKeyFromPrivate(privateKey) };
}

/** The public point d·G of a private key. Throws ERR_SM2_BAD_PRIVATE_KEY for an invalid key. */
export function publicKeyFromPrivate(privateKey: Uint8Array): Uint8Array {
  assertPrivateKey(privateKey);
  const p = engine.baseMul(privateKey);
  if (p === undefined) throw new CryptoError('ERR_SM2_BAD_PRIVATE_KEY', 'SM2 private key out of range');
  return p;
}

/**
 * The digest e = SM3(Z_A ‖ M) that an SM2 signature covers, Z_A binding the signer's ID and key.
 * Throws ERR_SM2_BAD_PUBLIC_KEY or ERR_SM2_BAD_ID for malformed input.
 */
export function signedDigest(publicKey: Uint8Array, message: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  if (!(message instanceof Uint8Array)) throw new CryptoError('ERR_SM2_BAD_INPUT', 'SM2 message must be a byte array');
  const z = zValue(publicKey, id);
  const digest = createHash('sm3').update(z).update(message).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
}

/**
 * Signs `message` with SM2: e = SM3(Z_A ‖ M), returned as DER SEQUENCE { r, s }. A mismatched
 * `opts.publicKey` is not detected here and yields a signature that will not verify.
 */
export function sign(privateKey: Uint8Array, message: Uint8Array, opts: Sm2SignOptions = {}): Uint8Array {
  assertPrivateKey(privateKey);
  const e = signedDigest(opts?.publicKey ?? publicKeyFromPrivate(privateKey), message, opts?.id);
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const raw = engine.sign(privateKey, e, randomNonce());
    if (raw !== undefined) return encodeSignature(raw);
  }
  throw retriesExhausted('signing');
}

/**
 * Signs with a given per-signature k, for known-answer tests only: a reused or predictable k
 * reveals the private key. Throws ERR_SM2_BAD_NONCE when k cannot be used.
 * @internal
 */
export function signWithK(privateKey: Uint8Array, message: Uint8Array, k: Uint8Array, opts: Sm2SignOptions = {}): Uint8Array {
  assertPrivateKey(privateKey);
  const e = signedDigest(opts?.publicKey ?? publicKeyFromPrivate(privateKey), message, opts?.id);
  const raw = k instanceof Uint8Array && k.length === 32 ? engine.sign(privateKey, e, k) : undefined;
  if (raw === undefined) throw new CryptoError('ERR_SM2_BAD_NONCE', 'SM2 signing nonce unusable');
  return encodeSignature(raw);
}

/**
 * Checks an SM2 signature (DER or raw 64-byte r ‖ s) over `message`. Returns false for a wrong
 * or undecodable signature; throws ERR_SM2_BAD_PUBLIC_KEY or ERR_SM2_BAD_ID only when the key
 * or ID itself is malformed.
 */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, opts: Sm2VerifyOptions = {}): boolean {
  const key = verifyKeyFor(publicKey);
  const e = signedDigest(publicKey, message, opts?.id);
  let raw: Uint8Array;
  try {
    if (!(signature instanceof Uint8Array)) return false;
    raw = decodeSignature(signature);
  } catch {
    return false;
  }
  return engine.verify(key, e, raw.subarray(0, 32), raw.subarray(32));
}
