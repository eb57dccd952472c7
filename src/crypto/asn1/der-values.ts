/**
 * Decoders for DER primitive values. Each checks the tag and the DER rules for that type
 * (minimal integers, canonical booleans, zero padding bits, RFC 5280 time forms) and throws
 * {@link CryptoError} `ERR_ASN1_MALFORMED` otherwise.
 */
import { TAG, expectTag, malformed } from './der-reader.ts';
import type { DerElement } from './der-reader.ts';
import { decodeOid } from './oid.ts';

/** INTEGER as a bigint (two's complement). */
export function readInteger(el: DerElement | undefined, what = 'INTEGER'): bigint {
  return integerFromContents(expectTag(el, TAG.INTEGER, what).value, what);
}

/** The contents of an INTEGER (or ENUMERATED) as a bigint, enforcing minimal encoding. */
export function integerFromContents(v: Uint8Array, what: string): bigint {
  if (v.length === 0) malformed(`${what}: empty integer`);
  if (v.length > 1 && ((v[0] === 0x00 && v[1]! < 0x80) || (v[0] === 0xff && v[1]! >= 0x80))) {
    malformed(`${what}: integer not minimally encoded`);
  }
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  if (v[0]! >= 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/** A small non-negative INTEGER (versions, path lengths); rejects values above `max`. */
export function readSmallInteger(el: DerElement | undefined, what: string, max = 0x7fffffff): number {
  const n = readInteger(el, what);
  if (n < 0n || n > BigInt(max)) malformed(`${what}: out of range`);
  return Number(n);
}

/** ENUMERATED as a number (CRL reason codes). */
export function readEnumerated(el: DerElement | undefined, what: string): number {
  const n = integerFromContents(expectTag(el, TAG.ENUMERATED, what).value, what);
  if (n < 0n || n > 0xffffn) malformed(`${what}: out of range`);
  return Number(n);
}

/** BOOLEAN; DER allows only 0x00 and 0xff. */
export function readBoolean(el: DerElement | undefined, what = 'BOOLEAN'): boolean {
  const v = expectTag(el, TAG.BOOLEAN, what).value;
  if (v.length !== 1 || (v[0] !== 0x00 && v[0] !== 0xff)) malformed(`${what}: not a DER boolean`);
  return v[0] === 0xff;
}

/** NULL. */
export function readNull(el: DerElement | undefined, what = 'NULL'): null {
  if (expectTag(el, TAG.NULL, what).value.length !== 0) malformed(`${what}: NULL with contents`);
  return null;
}

/** OBJECT IDENTIFIER in dotted form. */
export function readOid(el: DerElement | undefined, what = 'OBJECT IDENTIFIER'): string {
  return decodeOid(expectTag(el, TAG.OID, what).value, what);
}

/** OCTET STRING contents (a view into the source). */
export function readOctetString(el: DerElement | undefined, what = 'OCTET STRING'): Uint8Array {
  return expectTag(el, TAG.OCTET_STRING, what).value;
}

/** A BIT STRING: its bytes (a view) and how many bits of the last byte are unused. */
export interface BitString {
  readonly bytes: Uint8Array;
  readonly unusedBits: number;
}

/** BIT STRING; the unused bits must be zero (DER). */
export function readBitString(el: DerElement | undefined, what = 'BIT STRING'): BitString {
  const v = expectTag(el, TAG.BIT_STRING, what).value;
  if (v.length === 0) malformed(`${what}: missing unused-bits octet`);
  const unusedBits = v[0]!;
  if (unusedBits > 7 || (v.length === 1 && unusedBits !== 0)) malformed(`${what}: bad unused-bits count`);
  const bytes = v.subarray(1);
  if (unusedBits > 0 && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) {
    malformed(`${what}: unused bits are not zero`);
  }
  return { bytes, unusedBits };
}

/** A BIT STRING that must hold whole octets (keys, signatures). */
export function readOctetAlignedBitString(el: DerElement | undefined, what = 'BIT STRING'): Uint8Array {
  const bs = readBitString(el, what);
  if (bs.unusedBits !== 0) malformed(`${what}: not a whole number of octets`);
  return bs.bytes;
}

/**
 * A named-bit BIT STRING (keyUsage, reasonFlags) as the set of bit numbers that are one.
 * DER drops trailing zero bits; we accept a non-minimal form too, because real CAs emit it and
 * the bits mean the same.
 */
export function readNamedBits(el: DerElement | undefined, what: string): Set<number> {
  const bs = readBitString(el, what);
  const set = new Set<number>();
  const total = bs.bytes.length * 8 - bs.unusedBits;
  for (let i = 0; i < total; i++) {
    if ((bs.bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0) set.add(i);
  }
  return set;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Which string type a directory string was written in. */
export type StringKind = 'utf8' | 'printable' | 'ia5' | 'teletex' | 'bmp' | 'universal';

/** Any of the string types that appear in names and URIs, decoded to a JS string. */
export function readString(el: DerElement | undefined, what = 'string'): { value: string; kind: StringKind } {
  if (el === undefined) malformed(`${what}: missing`);
  const v = el.value;
  switch (el.tag) {
    case TAG.UTF8_STRING:
      try {
        return { value: utf8.decode(v), kind: 'utf8' };
      } catch {
        return malformed(`${what}: invalid UTF-8`);
      }
    case TAG.PRINTABLE_STRING: {
      const s = latin1(v);
      if (!PRINTABLE.test(s)) malformed(`${what}: character not allowed in PrintableString`);
      return { value: s, kind: 'printable' };
    }
    case TAG.IA5_STRING: {
      if (v.some((b) => b > 0x7f)) malformed(`${what}: character not allowed in IA5String`);
      return { value: latin1(v), kind: 'ia5' };
    }
    // T.61 is hardly ever used as T.61; legacy CAs put Latin-1 in it, so read it that way.
    case TAG.TELETEX_STRING:
      return { value: latin1(v), kind: 'teletex' };
    case TAG.BMP_STRING: {
      if (v.length % 2 !== 0) malformed(`${what}: odd BMPString length`);
      let s = '';
      for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return { value: s, kind: 'bmp' };
    }
    case TAG.UNIVERSAL_STRING: {
      if (v.length % 4 !== 0) malformed(`${what}: bad UniversalString length`);
      let s = '';
      for (let i = 0; i < v.length; i += 4) {
        const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) malformed(`${what}: bad code point`);
        s += String.fromCodePoint(cp);
      }
      return { value: s, kind: 'universal' };
    }
    default:
      return malformed(`${what}: not a string type (tag 0x${el.tag.toString(16)})`);
  }
}

function latin1(v: Uint8Array): string {
  let s = '';
  for (const b of v) s += String.fromCharCode(b);
  return s;
}

const UTC_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

/**
 * An X.509 Time (UTCTime or GeneralizedTime) in the RFC 5280 form: seconds present, `Z`,
 * no fractions. UTCTime years 50–99 are 1950–1999 (RFC 5280 §4.1.2.5.1).
 */
export function readTime(el: DerElement | undefined, what = 'time'): Date {
  if (el === undefined) malformed(`${what}: missing`);
  let m: RegExpExecArray | null;
  let year: number;
  const s = latin1(el.value);
  if (el.tag === TAG.UTC_TIME) {
    m = UTC_TIME.exec(s);
    if (m === null) malformed(`${what}: UTCTime not in YYMMDDHHMMSSZ form`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (el.tag === TAG.GENERALIZED_TIME) {
    m = GENERALIZED_TIME.exec(s);
    if (m === null) malformed(`${what}: GeneralizedTime not in YYYYMMDDHHMMSSZ form`);
    year = Number(m[1]);
  } else {
    return malformed(`${what}: not a time (tag 0x${el.tag.toString(16)})`);
  }
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const t = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(t);
  // Date.UTC rolls 31 February over into March; a round trip catches impossible dates.
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day
  ) {
    malformed(`${what}: impossible date`);
  }
  return d;
}
