// The ASN.1 form of an SM2 ciphertext (GM/T 0009, GB/T 35276):
//   SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (32), CipherText OCTET STRING }
// which OpenSSL and CMS envelopes use, converted to and from the raw C1 ‖ C3 ‖ C2 of encrypt().
import { CryptoError } from './errors.ts';
import { SM2_POINT_LENGTH, SM2_SCALAR_LENGTH } from './sm2-curve.ts';

const C3_LENGTH = 32;
const RAW_OVERHEAD = SM2_POINT_LENGTH + C3_LENGTH;

function malformed(why: string): CryptoError {
  return new CryptoError('ERR_SM2_BAD_CIPHERTEXT_ENCODING', `SM2 ciphertext: ${why}`);
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const head = [tag, ...derLength(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

function integer(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const body = value.subarray(start);
  const pad = (body[0]! & 0x80) !== 0 ? 1 : 0;
  const padded = new Uint8Array(pad + body.length);
  padded.set(body, pad);
  return tlv(0x02, padded);
}

/** DER SM2Cipher structure of a raw C1 ‖ C3 ‖ C2 ciphertext. */
export function ciphertextToDer(raw: Uint8Array): Uint8Array {
  if (!(raw instanceof Uint8Array) || raw.length < RAW_OVERHEAD || raw[0] !== 4) throw malformed('expected C1 ‖ C3 ‖ C2');
  const parts = [
    integer(raw.subarray(1, 33)),
    integer(raw.subarray(33, SM2_POINT_LENGTH)),
    tlv(0x04, raw.subarray(SM2_POINT_LENGTH, RAW_OVERHEAD)),
    tlv(0x04, raw.subarray(RAW_OVERHEAD)),
  ];
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return tlv(0x30, body);
}

interface Read {
  body: Uint8Array;
  end: number;
}

/** Reads one DER element with `tag` at `at`, insisting on minimal lengths. */
function read(der: Uint8Array, at: number, tag: number): Read {
  if (der[at] !== tag) throw malformed(`expected tag 0x${tag.toString(16)}`);
  let first = der[at + 1];
  if (first === undefined) throw malformed('truncated');
  let len = first;
  let start = at + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw malformed('unsupported length');
    len = 0;
    for (let i = 0; i < count; i++) {
      first = der[start + i];
      if (first === undefined) throw malformed('truncated');
      if (i === 0 && first === 0) throw malformed('non-minimal length');
      len = len * 256 + first;
    }
    if (len < 0x80) throw malformed('non-minimal length');
    start += count;
  }
  const end = start + len;
  if (end > der.length) throw malformed('truncated');
  return { body: der.subarray(start, end), end };
}

function coordinate(body: Uint8Array, into: Uint8Array): void {
  if (body.length === 0 || (body[0]! & 0x80) !== 0) throw malformed('bad coordinate');
  if (body.length > 1 && body[0] === 0 && (body[1]! & 0x80) === 0) throw malformed('non-minimal coordinate');
  const value = body[0] === 0 && body.length > 1 ? body.subarray(1) : body;
  if (value.length > SM2_SCALAR_LENGTH) throw malformed('coordinate too large');
  into.set(value, SM2_SCALAR_LENGTH - value.length);
}

/**
 * Raw C1 ‖ C3 ‖ C2 from a DER SM2Cipher structure. Throws ERR_SM2_BAD_CIPHERTEXT_ENCODING; whether
 * C1 is on the curve is left to decrypt().
 */
export function ciphertextFromDer(der: Uint8Array): Uint8Array {
  if (!(der instanceof Uint8Array)) throw malformed('not a byte array');
  const seq = read(der, 0, 0x30);
  if (seq.end !== der.length) throw malformed('trailing bytes');
  const b = seq.body;
  const x = read(b, 0, 0x02);
  const y = read(b, x.end, 0x02);
  const c3 = read(b, y.end, 0x04);
  const c2 = read(b, c3.end, 0x04);
  if (c2.end !== b.length) throw malformed('trailing bytes in SEQUENCE');
  if (c3.body.length !== C3_LENGTH) throw malformed('hash must be 32 bytes');
  const out = new Uint8Array(RAW_OVERHEAD + c2.body.length);
  out[0] = 4;
  coordinate(x.body, out.subarray(1, 33));
  coordinate(y.body, out.subarray(33, SM2_POINT_LENGTH));
  out.set(c3.body, SM2_POINT_LENGTH);
  out.set(c2.body, RAW_OVERHEAD);
  return out;
}
