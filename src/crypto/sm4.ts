// Authenticated SM4 encryption for data at rest. The key id travels inside the ciphertext so that
// keys can rotate: old records name the key that sealed them, new ones use the current key.
//
// Layout: version(1) ‖ keyIdLen(1) ‖ keyId ‖ iv(16) ‖ SM4-CTR ciphertext ‖ HMAC-SM3 tag(32).
// Encrypt-then-MAC with separate encryption and MAC subkeys; the tag covers the associated data,
// the whole header, the iv and the ciphertext.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CryptoError } from './errors.ts';

const VERSION = 1;
const IV_LENGTH = 16;
const TAG_LENGTH = 32;
const MAX_KEY_ID_LENGTH = 255;

/** Looks up the key for a key id; undefined when the id is unknown. */
export type Sm4Keyring = (keyId: string) => Uint8Array | undefined;

interface Subkeys {
  enc: Uint8Array;
  mac: Uint8Array;
}

function malformed(why: string): CryptoError {
  return new CryptoError('ERR_SM4_MALFORMED', `SM4 ciphertext: ${why}`);
}

// Deriving both subkeys by HMAC under labels keeps a single stored key while never using the
// same key bytes for the cipher and for the MAC.
function subkeys(key: Uint8Array): Subkeys {
  if (!(key instanceof Uint8Array) || (key.length !== 16 && key.length !== 32)) {
    throw new CryptoError('ERR_SM4_BAD_KEY', 'SM4 key must be 16 or 32 bytes');
  }
  const enc = createHmac('sm3', key).update('yinxin/sm4-ctr').digest().subarray(0, 16);
  const mac = createHmac('sm3', key).update('yinxin/hmac-sm3').digest();
  return { enc, mac };
}

function tagOf(mac: Uint8Array, aad: Uint8Array, authenticated: Uint8Array): Buffer {
  const aadLength = Buffer.alloc(8);
  aadLength.writeBigUInt64BE(BigInt(aad.length));
  return createHmac('sm3', mac).update(aadLength).update(aad).update(authenticated).digest();
}

function checkAad(aad: Uint8Array): void {
  if (!(aad instanceof Uint8Array)) throw new CryptoError('ERR_SM4_BAD_INPUT', 'associated data must be a byte array');
}

/**
 * Encrypts and authenticates `plaintext` under `key` (16 or 32 bytes), recording `keyId` (1–255
 * UTF-8 bytes) in the output. `aad` is authenticated but not stored; decryption must supply it.
 */
export function sm4Encrypt(keyId: string, key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const id = typeof keyId === 'string' ? Buffer.from(keyId, 'utf8') : Buffer.alloc(0);
  if (id.length === 0 || id.length > MAX_KEY_ID_LENGTH) {
    throw new CryptoError('ERR_SM4_BAD_KEY_ID', `SM4 key id must be 1–${MAX_KEY_ID_LENGTH} UTF-8 bytes`);
  }
  if (!(plaintext instanceof Uint8Array)) throw new CryptoError('ERR_SM4_BAD_INPUT', 'plaintext must be a byte array');
  checkAad(aad);
  const { enc, mac } = subkeys(key);
  const headerLength = 2 + id.length + IV_LENGTH;
  const out = new Uint8Array(headerLength + plaintext.length + TAG_LENGTH);
  out[0] = VERSION;
  out[1] = id.length;
  out.set(id, 2);
  const iv = randomBytes(IV_LENGTH);
  out.set(iv, 2 + id.length);
  const cipher = createCipheriv('sm4-ctr', enc, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  out.set(body, headerLength);
  const tagAt = headerLength + body.length;
  out.set(tagOf(mac, aad, out.subarray(0, tagAt)), tagAt);
  return out;
}

interface Parsed {
  keyId: string;
  iv: Uint8Array;
  body: Uint8Array;
  authenticated: Uint8Array;
  tag: Uint8Array;
}

function parse(ciphertext: Uint8Array): Parsed {
  if (!(ciphertext instanceof Uint8Array)) throw malformed('not a byte array');
  if (ciphertext[0] !== VERSION) throw malformed('unknown version');
  const idLength = ciphertext[1] ?? 0;
  if (idLength === 0) throw malformed('missing key id');
  const headerLength = 2 + idLength + IV_LENGTH;
  if (ciphertext.length < headerLength + TAG_LENGTH) throw malformed('too short');
  let keyId: string;
  try {
    keyId = new TextDecoder('utf-8', { fatal: true }).decode(ciphertext.subarray(2, 2 + idLength));
  } catch {
    throw malformed('key id is not UTF-8');
  }
  const tagAt = ciphertext.length - TAG_LENGTH;
  return {
    keyId,
    iv: ciphertext.subarray(2 + idLength, headerLength),
    body: ciphertext.subarray(headerLength, tagAt),
    authenticated: ciphertext.subarray(0, tagAt),
    tag: ciphertext.subarray(tagAt),
  };
}

/** The key id recorded in an SM4 ciphertext, without decrypting it. Throws ERR_SM4_MALFORMED. */
export function sm4KeyIdOf(ciphertext: Uint8Array): string {
  return parse(ciphertext).keyId;
}

/**
 * Checks and decrypts a ciphertext from {@link sm4Encrypt}, finding its key through `keyring`.
 * Throws ERR_SM4_MALFORMED, ERR_SM4_UNKNOWN_KEY, or ERR_SM4_AUTH when the tag does not match
 * (wrong key, wrong associated data, or any change to the bytes).
 */
export function sm4Decrypt(keyring: Sm4Keyring, ciphertext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const p = parse(ciphertext);
  checkAad(aad);
  const key = keyring(p.keyId);
  if (key === undefined) throw new CryptoError('ERR_SM4_UNKNOWN_KEY', 'SM4 key id not in keyring');
  const { enc, mac } = subkeys(key);
  if (!timingSafeEqual(tagOf(mac, aad, p.authenticated), p.tag)) {
    throw new CryptoError('ERR_SM4_AUTH', 'SM4 ciphertext failed authentication');
  }
  const decipher = createDecipheriv('sm4-ctr', enc, p.iv);
  const plain = Buffer.concat([decipher.update(p.body), decipher.final()]);
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
}
