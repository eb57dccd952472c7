/**
 * DER reading rules shared by the GB/T 38540 structures: one error code for every kind of bad
 * input, size limits, and the string and time forms that seal producers actually write.
 *
 * The structures have a fixed depth and the underlying reader reads one level at a time, so no
 * input can recurse deeply or loop; the limits below bound memory and work.
 */
import { TAG, decodeDer, derChildren } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readOctetAlignedBitString, readOid, readString } from '../asn1/der-values.ts';
import { CryptoError } from '../errors.ts';

/** Largest SES structure accepted; seal images make real ones tens of kilobytes. */
export const MAX_SES_BYTES = 16 * 1024 * 1024;
/** Most entries accepted in a certList or an ExtensionDatas. */
export const MAX_LIST_ENTRIES = 256;

/** Throws the code every SES decoder uses for input it cannot read. */
export function sesMalformed(message: string, cause?: unknown): never {
  throw new CryptoError('ERR_SES_MALFORMED', message, cause === undefined ? undefined : { cause });
}

/**
 * Runs a decoder and turns any failure into `ERR_SES_MALFORMED`, so that callers see one code
 * whatever went wrong underneath (a bad length, a bad integer, an unexpected exception).
 */
export function asSesError<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof CryptoError && e.code === 'ERR_SES_MALFORMED') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    return sesMalformed(`${what}: ${reason}`, e);
  }
}

/** Decodes the single element that spans `bytes`, after the size check. */
export function topElement(bytes: Uint8Array, what: string): DerElement {
  if (!(bytes instanceof Uint8Array)) sesMalformed(`${what}: input is not a byte array`);
  if (bytes.length > MAX_SES_BYTES) sesMalformed(`${what}: larger than ${MAX_SES_BYTES} bytes`);
  return decodeDer(bytes);
}

/** A decoder accepts either bytes or an element already read from a parent. */
export type DerInput = Uint8Array | DerElement;

/** The element for `input`, decoding bytes when needed. */
export function elementOf(input: DerInput, what: string): DerElement {
  return input instanceof Uint8Array ? topElement(input, what) : input;
}

/** Children of a SEQUENCE, with a count check. */
export function fields(el: DerElement | undefined, what: string, min: number, max: number): DerElement[] {
  if (el === undefined) sesMalformed(`${what}: missing`);
  if (el.tag !== TAG.SEQUENCE) sesMalformed(`${what}: expected SEQUENCE, got tag 0x${el.tag.toString(16)}`);
  const items = derChildren(el);
  if (items.length < min || items.length > max) sesMalformed(`${what}: ${items.length} fields, expected ${min}–${max}`);
  return items;
}

/**
 * Text field. The standard names IA5String or UTF8String; producers mix them up, and a
 * verifier that refuses the other string type would reject genuine seals for no security gain.
 */
export function readText(el: DerElement | undefined, what: string): string {
  return readString(el, what).value;
}

const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?(Z)?$/;
const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z)?$/;

/**
 * A time written as GeneralizedTime (v4) or UTCTime (v1), or as their text inside a BIT STRING
 * or OCTET STRING (v1 timeInfo). Fractions of a second are accepted and dropped. A missing `Z`
 * is read as UTC, which is what the producers we have seen mean.
 */
export function parseTimeText(text: string, what: string): Date {
  let m = GENERALIZED.exec(text);
  let year: number;
  if (m !== null) {
    year = Number(m[1]);
  } else {
    m = UTC.exec(text);
    if (m === null) sesMalformed(`${what}: not a time`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  }
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    sesMalformed(`${what}: impossible date`);
  }
  return d;
}

/** GeneralizedTime or UTCTime element. */
export function readSesTime(el: DerElement | undefined, what: string): Date {
  if (el === undefined) sesMalformed(`${what}: missing`);
  if (el.tag !== TAG.GENERALIZED_TIME && el.tag !== TAG.UTC_TIME) sesMalformed(`${what}: not a time (tag 0x${el.tag.toString(16)})`);
  if (el.value.length > 32) sesMalformed(`${what}: too long`);
  return parseTimeText(latin1(el.value), what);
}

/** Bytes as Latin-1 text (for ASCII time strings). */
export function latin1(v: Uint8Array): string {
  let s = '';
  for (const b of v) s += String.fromCharCode(b);
  return s;
}

/** A fresh copy, so decoded values never alias a caller's buffer that may change later. */
export function copy(v: Uint8Array): Uint8Array {
  return Uint8Array.from(v);
}

/** Byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A signature algorithm written as a bare OBJECT IDENTIFIER (as the standard says) or, as some
 * producers do, as an AlgorithmIdentifier SEQUENCE; either way its OID.
 */
export function readAlgorithmOid(el: DerElement | undefined, what: string): string {
  if (el?.tag === TAG.SEQUENCE) return readOid(fields(el, what, 1, 2)[0], what);
  return readOid(el, what);
}

/** The bytes of a BIT STRING that must hold whole octets (signatures, hashes). */
export function readBits(el: DerElement | undefined, what: string): Uint8Array {
  return copy(readOctetAlignedBitString(el, what));
}
