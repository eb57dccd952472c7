// SM3 (GB/T 32905) hashing. Node's OpenSSL does SM3 natively, so this file only gives it a
// byte-array shape and one place to change if the runtime ever loses it.
import { createHash, createHmac, type Hash } from 'node:crypto';
import { CryptoError } from './errors.ts';

/** Length of an SM3 digest in bytes. */
export const SM3_DIGEST_LENGTH = 32;

/** SM3 digest of `data` (32 bytes). */
export function sm3(data: Uint8Array): Uint8Array {
  checkBytes(data);
  return toBytes(createHash('sm3').update(data).digest());
}

/** HMAC-SM3 of `data` under `key` (32 bytes). */
export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkBytes(key);
  checkBytes(data);
  return toBytes(createHmac('sm3', key).update(data).digest());
}

/** An SM3 hash fed piece by piece, for inputs that arrive in parts (PDF byte ranges). */
export interface Sm3Hash {
  /** Feeds more bytes; returns the same hash for chaining. */
  update(data: Uint8Array): Sm3Hash;
  /** Finishes and returns the 32-byte digest; the hash cannot be fed afterwards. */
  digest(): Uint8Array;
}

/** Starts a streaming SM3 hash. */
export function createSm3(): Sm3Hash {
  const hash: Hash = createHash('sm3');
  const self: Sm3Hash = {
    update(data: Uint8Array) {
      checkBytes(data);
      hash.update(data);
      return self;
    },
    digest() {
      return toBytes(hash.digest());
    },
  };
  return self;
}

function checkBytes(data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) throw new CryptoError('ERR_SM3_BAD_INPUT', 'SM3 input must be a byte array');
}

// Callers compare and slice plain Uint8Arrays; a Buffer's different slice() semantics would surprise them.
function toBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
