// SM2 signature value encodings: DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009), and the raw
// 64-byte r ‖ s that some vendors emit.
import { CryptoError } from './errors.ts';
import { SM2_SCALAR_LENGTH } from './sm2-curve.ts';

const RAW_LENGTH = 2 * SM2_SCALAR_LENGTH;

function badEncoding(why: string): CryptoError {
  return new CryptoError('ERR_SM2_BAD_SIGNATURE_ENCODING', `SM2 signature: ${why}`);
}

function derInteger(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const body = value.subarray(start);
  // A set top bit would read as negative, so DER puts a zero byte in front.
  const pad = (body[0]! & 0x80) !== 0 ? 1 : 0;
  const out = new Uint8Array(2 + pad + body.length);
  out[0] = 0x02;
  out[1] = pad + body.length;
  out.set(body, 2 + pad);
  return out;
}

/** DER encoding of a raw r ‖ s signature (64 bytes). */
export function encodeSignature(raw: Uint8Array): Uint8Array {
  if (!(raw instanceof Uint8Array) || raw.length !== RAW_LENGTH) throw badEncoding(`raw value must be ${RAW_LENGTH} bytes`);
  const r = derInteger(raw.subarray(0, SM2_SCALAR_LENGTH));
  const s = derInteger(raw.subarray(SM2_SCALAR_LENGTH));
  const out = new Uint8Array(2 + r.length + s.length);
  out[0] = 0x30;
  out[1] = r.length + s.length;
  out.set(r, 2);
  out.set(s, 2 + r.length);
  return out;
}

function readInteger(der: Uint8Array, at: number, into: Uint8Array): number {
  if (der[at] !== 0x02) throw badEncoding('expected INTEGER');
  const len = der[at + 1];
  if (len === undefined || len === 0 || len > SM2_SCALAR_LENGTH + 1) throw badEncoding('bad INTEGER length');
  const start = at + 2;
  const end = start + len;
  if (end > der.length) throw badEncoding('truncated INTEGER');
  if ((der[start]! & 0x80) !== 0) throw badEncoding('negative INTEGER');
  if (len > 1 && der[start] === 0 && (der[start + 1]! & 0x80) === 0) throw badEncoding('non-minimal INTEGER');
  const body = der.subarray(start, end);
  const value = body.length > SM2_SCALAR_LENGTH ? body.subarray(1) : body;
  if (body.length > SM2_SCALAR_LENGTH && body[0] !== 0) throw badEncoding('INTEGER too large');
  into.set(value, SM2_SCALAR_LENGTH - value.length);
  return end;
}

/**
 * Raw r ‖ s (64 bytes) from a strict-DER signature or from a raw 64-byte value. Throws
 * `ERR_SM2_BAD_SIGNATURE_ENCODING` for anything else. Range checks of r and s belong to verify.
 */
export function decodeSignature(signature: Uint8Array): Uint8Array {
  if (!(signature instanceof Uint8Array)) throw badEncoding('not a byte array');
  const raw = new Uint8Array(RAW_LENGTH);
  if (signature.length === RAW_LENGTH && signature[0] !== 0x30) {
    raw.set(signature);
    return raw;
  }
  try {
    if (signature[0] !== 0x30 || signature[1] === undefined || signature[1] !== signature.length - 2) {
      throw badEncoding('expected a DER SEQUENCE');
    }
    const afterR = readInteger(signature, 2, raw.subarray(0, SM2_SCALAR_LENGTH));
    const afterS = readInteger(signature, afterR, raw.subarray(SM2_SCALAR_LENGTH));
    if (afterS !== signature.length) throw badEncoding('trailing bytes');
    return raw;
  } catch (e) {
    // A raw value that happens to start with 0x30 is still a raw value.
    if (signature.length === RAW_LENGTH) {
      raw.set(signature);
      return raw;
    }
    throw e;
  }
}
