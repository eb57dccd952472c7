/**
 * A small DER writer. Each function returns the complete encoding of one element, so
 * structures are written as nested calls that read like their ASN.1 definitions. Output is
 * canonical DER: minimal lengths and integers, sorted SET OF, trailing zero bits dropped from
 * named bit strings.
 */
import { CryptoError } from '../errors.ts';
import { TAG } from './der-reader.ts';
import { encodeOid } from './oid.ts';

function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** An element with the given identifier octet and contents. */
export function tlv(tag: number, contents: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag, ...lengthOctets(contents.length)), contents);
}

/** SEQUENCE of already-encoded elements. */
export function sequence(...items: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, concatBytes(...items));
}

/** SET OF already-encoded elements, sorted as DER requires (X.690 §11.6). */
export function setOf(...items: readonly Uint8Array[]): Uint8Array {
  const sorted = [...items].sort(compareBytes);
  return tlv(TAG.SET, concatBytes(...sorted));
}

/** Lexicographic byte comparison, shorter first on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** INTEGER from a bigint (any sign) in minimal two's complement. */
export function integer(n: bigint | number): Uint8Array {
  let v = BigInt(n);
  const out: number[] = [];
  if (v >= 0n) {
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    if (out[0]! >= 0x80) out.unshift(0);
  } else {
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v < -1n);
    if (out[0]! < 0x80) out.unshift(0xff);
  }
  return tlv(TAG.INTEGER, Uint8Array.from(out));
}

/** INTEGER from unsigned big-endian magnitude bytes (serial numbers). */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const body = bytes.subarray(i);
  if (body.length === 0) return tlv(TAG.INTEGER, Uint8Array.of(0));
  return tlv(TAG.INTEGER, body[0]! >= 0x80 ? concatBytes(Uint8Array.of(0), body) : body);
}

/** ENUMERATED. */
export function enumerated(n: number): Uint8Array {
  const int = integer(n);
  return tlv(TAG.ENUMERATED, int.subarray(2));
}

/** BOOLEAN (0xff for true, as DER requires). */
export function boolean(b: boolean): Uint8Array {
  return tlv(TAG.BOOLEAN, Uint8Array.of(b ? 0xff : 0x00));
}

/** NULL. */
export function nullValue(): Uint8Array {
  return Uint8Array.of(TAG.NULL, 0);
}

/** OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Uint8Array {
  return tlv(TAG.OID, encodeOid(dotted));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG.OCTET_STRING, bytes);
}

/** BIT STRING of whole octets (keys, signatures). */
export function bitString(bytes: Uint8Array): Uint8Array {
  return tlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(0), bytes));
}

/** Named-bit BIT STRING (e.g. keyUsage) from the numbers of the bits that are one. */
export function namedBits(bits: Iterable<number>): Uint8Array {
  const list = [...bits];
  if (list.length === 0) return tlv(TAG.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...list);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const b of list) bytes[b >> 3]! |= 0x80 >> (b & 7);
  const unused = 7 - (highest & 7);
  return tlv(TAG.BIT_STRING, concatBytes(Uint8Array.of(unused), bytes));
}

const enc = new TextEncoder();

/** UTF8String. */
export function utf8String(s: string): Uint8Array {
  return tlv(TAG.UTF8_STRING, enc.encode(s));
}

/** PrintableString; throws `ERR_ASN1_STRING` for characters outside its set. */
export function printableString(s: string): Uint8Array {
  if (!isPrintableString(s)) throw new CryptoError('ERR_ASN1_STRING', 'character not allowed in PrintableString');
  return tlv(TAG.PRINTABLE_STRING, enc.encode(s));
}

/** IA5String (ASCII); throws `ERR_ASN1_STRING` otherwise. */
export function ia5String(s: string): Uint8Array {
  if (!/^[\x00-\x7f]*$/.test(s)) throw new CryptoError('ERR_ASN1_STRING', 'character not allowed in IA5String');
  return tlv(TAG.IA5_STRING, enc.encode(s));
}

/** True when every character of `s` is allowed in a PrintableString. */
export function isPrintableString(s: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function timeDigits(d: Date): string {
  return pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2) + 'Z';
}

/** UTCTime (whole seconds; milliseconds are dropped). */
export function utcTime(d: Date): Uint8Array {
  return tlv(TAG.UTC_TIME, enc.encode(pad(d.getUTCFullYear() % 100, 2) + timeDigits(d)));
}

/** GeneralizedTime (whole seconds, no fraction, as RFC 5280 requires). */
export function generalizedTime(d: Date): Uint8Array {
  return tlv(TAG.GENERALIZED_TIME, enc.encode(pad(d.getUTCFullYear(), 4) + timeDigits(d)));
}

/**
 * An X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5).
 * Throws `ERR_ASN1_TIME` for invalid dates or years outside 1950–9999.
 */
export function x509Time(d: Date): Uint8Array {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new CryptoError('ERR_ASN1_TIME', 'invalid date');
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 9999) throw new CryptoError('ERR_ASN1_TIME', `year ${y} cannot be encoded`);
  return y < 2050 ? utcTime(d) : generalizedTime(d);
}

/** `[n] EXPLICIT` wrapper around one encoded element. */
export function explicit(n: number, inner: Uint8Array): Uint8Array {
  return tlv(0xa0 | n, inner);
}

/** `[n] IMPLICIT` primitive: the contents of a primitive type under a context tag. */
export function implicitPrimitive(n: number, contents: Uint8Array): Uint8Array {
  return tlv(0x80 | n, contents);
}

/** `[n] IMPLICIT` constructed: the items of a SEQUENCE (or SET) under a context tag. */
export function implicitConstructed(n: number, ...items: readonly Uint8Array[]): Uint8Array {
  return tlv(0xa0 | n, concatBytes(...items));
}
