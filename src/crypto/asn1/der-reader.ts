/**
 * A strict DER reader.
 *
 * Certificates, CRLs and seals are verified over their original bytes, so the reader never
 * re-encodes anything: every element keeps the exact slice it came from. It accepts DER only
 * (definite, minimal lengths; low tag numbers), because a lenient BER reader lets two different
 * byte strings decode to the same value, which is how signature checks get fooled.
 *
 * It reads one level at a time ({@link derChildren}), so hostile nesting cannot exhaust the stack,
 * and every loop advances by at least two bytes, so no input makes it hang. Budgets bound the work
 * a caller can be led into: nesting depth ({@link DER_LIMITS}), elements per constructed element,
 * and lengths (at most four length octets, and never past the enclosing element). It throws only
 * {@link CryptoError} with code `ERR_ASN1_MALFORMED`.
 */
import { CryptoError } from '../errors.ts';

/** Tag class of an element (bits 8–7 of the identifier octet). */
export type DerTagClass = 'universal' | 'application' | 'context' | 'private';

/** One decoded TLV; `raw` and `value` are views into the source, not copies. */
export interface DerElement {
  /** The identifier octet as written, e.g. 0x30 for SEQUENCE, 0xa0 for [0] constructed. */
  readonly tag: number;
  readonly tagClass: DerTagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** Offset of the identifier octet within the buffer that was read. */
  readonly offset: number;
  /** How many constructed elements enclose this one (0 for a top-level element). */
  readonly depth: number;
  /** The whole element: identifier, length and contents. */
  readonly raw: Uint8Array;
  /** The contents octets only. */
  readonly value: Uint8Array;
}

/** Universal tags used by the parsers (identifier octets). */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

const CLASSES: readonly DerTagClass[] = ['universal', 'application', 'context', 'private'];

/**
 * No structure we read nests deeper than about a dozen levels (a CRL entry extension, an SES
 * certList); a CRL of 100,000 revoked certificates is a few megabytes.
 */
export const DER_LIMITS = { depth: 32, children: 100_000 } as const;

/** Throws the reader's error. Exported so that field decoders in this folder share one code. */
export function malformed(message: string): never {
  throw new CryptoError('ERR_ASN1_MALFORMED', message);
}

/** Reads the element starting at `offset`; it must fit within `bytes`. */
export function readElement(bytes: Uint8Array, offset: number, depth = 0): DerElement {
  if (offset + 2 > bytes.length) malformed('truncated element header');
  const tag = bytes[offset]!;
  // High tag numbers (0x1f) appear in none of the structures we read; refusing them keeps
  // the identifier one octet long.
  if ((tag & 0x1f) === 0x1f) malformed('high tag numbers are not supported');
  let pos = offset + 1;
  const first = bytes[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const n = first & 0x7f;
    if (n === 0) malformed('indefinite length is not DER');
    // Four length octets already allow 4 GiB, far above anything we accept.
    if (n > 4) malformed('length field too long');
    if (pos + n > bytes.length) malformed('truncated length');
    if (bytes[pos] === 0) malformed('length not minimally encoded');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++]!;
    if (length < 0x80) malformed('length not minimally encoded');
  }
  const end = pos + length;
  if (end > bytes.length) malformed('element longer than its container');
  return {
    tag,
    tagClass: CLASSES[tag >> 6]!,
    constructed: (tag & 0x20) !== 0,
    tagNumber: tag & 0x1f,
    offset,
    depth,
    raw: bytes.subarray(offset, end),
    value: bytes.subarray(pos, end),
  };
}

/** Decodes exactly one element that spans all of `bytes` (no trailing data). */
export function decodeDer(bytes: Uint8Array): DerElement {
  if (!(bytes instanceof Uint8Array)) malformed('input is not a byte array');
  const el = readElement(bytes, 0);
  if (el.raw.length !== bytes.length) malformed('trailing data after element');
  return el;
}

/** The elements inside a constructed element, in order. */
export function derChildren(el: DerElement): DerElement[] {
  if (!el.constructed) malformed(`expected a constructed element, got tag 0x${hex(el.tag)}`);
  if (el.depth >= DER_LIMITS.depth) malformed(`nested deeper than ${DER_LIMITS.depth} levels`);
  const out: DerElement[] = [];
  let pos = 0;
  while (pos < el.value.length) {
    if (out.length >= DER_LIMITS.children) malformed(`more than ${DER_LIMITS.children} elements in one`);
    const child = readElement(el.value, pos, el.depth + 1);
    out.push(child);
    pos += child.raw.length;
  }
  return out;
}

/** Throws unless `el` has the given identifier octet. */
export function expectTag(el: DerElement | undefined, tag: number, what: string): DerElement {
  if (el === undefined) malformed(`${what}: missing`);
  if (el.tag !== tag) malformed(`${what}: expected tag 0x${hex(tag)}, got 0x${hex(el.tag)}`);
  return el;
}

/** Children of a SEQUENCE, checked to be one. */
export function sequenceItems(el: DerElement | undefined, what: string): DerElement[] {
  return derChildren(expectTag(el, TAG.SEQUENCE, what));
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
