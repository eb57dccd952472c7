/**
 * Distinguished names: build from a list of attributes or from a string, parse from DER,
 * print as text, and compare for chain building.
 *
 * Built names use UTF8String (RFC 5280 §4.1.2.4 prefers it, and Chinese names need it), except
 * countryName and serialNumber, which X.520 fixes as PrintableString, and emailAddress/DC,
 * which are IA5String.
 */
import { TAG, decodeDer, derChildren, expectTag, malformed } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readOid, readString } from '../asn1/der-values.ts';
import { ia5String, isPrintableString, oid, printableString, sequence, setOf, utf8String } from '../asn1/der-writer.ts';
import { CryptoError } from '../errors.ts';
import { NAME_ATTRIBUTES } from './oids.ts';
import type { NameAttributeType } from './oids.ts';

/** One attribute of a name, such as `CN=某市市场监督管理局`. */
export interface NameAttribute {
  /** Short name (`CN`, `O`, `serialNumber` …) when known, else the dotted OID. */
  readonly type: string;
  readonly oid: string;
  /** The decoded value; for a non-string value, `#` followed by the hex of its DER. */
  readonly value: string;
}

/** A parsed or built distinguished name. */
export interface DistinguishedName {
  /** Relative distinguished names in encoding order (most significant, usually C, first). */
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** The exact DER of the Name. */
  readonly der: Uint8Array;
  /** RFC 4514 text (last RDN first), joined with `, `, e.g. `CN=张三, O=某市政府, C=CN`. */
  readonly text: string;
}

/** Input for one attribute; `type` is a short name from {@link NAME_ATTRIBUTES} or a dotted OID. */
export interface NameAttributeInput {
  readonly type: NameAttributeType | string;
  readonly value: string;
}

/**
 * A name to build: a string in RFC 4514 form (`CN=…, O=…, C=CN`), or attributes in
 * encoding order (most significant first: C, ST, L, O, OU, CN), one attribute per RDN.
 */
export type NameInput = string | readonly NameAttributeInput[];

const SHORT_BY_OID: ReadonlyMap<string, string> = new Map(Object.entries(NAME_ATTRIBUTES).map(([k, v]) => [v, k]));

// X.520 upper bounds (characters) for the attributes we build, as listed in RFC 5280 Appendix A.
const UPPER_BOUND: Readonly<Record<string, number>> = {
  [NAME_ATTRIBUTES.CN]: 64, [NAME_ATTRIBUTES.O]: 64, [NAME_ATTRIBUTES.OU]: 64,
  [NAME_ATTRIBUTES.L]: 128, [NAME_ATTRIBUTES.ST]: 128, [NAME_ATTRIBUTES.serialNumber]: 64,
  [NAME_ATTRIBUTES.title]: 64, [NAME_ATTRIBUTES.emailAddress]: 255,
};

function invalid(message: string): never {
  throw new CryptoError('ERR_CERT_INVALID_NAME', message);
}

function resolveType(type: string): { oid: string; short: string } {
  const known = (NAME_ATTRIBUTES as Record<string, string>)[type];
  if (known !== undefined) return { oid: known, short: type };
  const lower = Object.keys(NAME_ATTRIBUTES).find((k) => k.toLowerCase() === type.toLowerCase());
  if (lower !== undefined) return { oid: NAME_ATTRIBUTES[lower as NameAttributeType], short: lower };
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(type)) return { oid: type, short: SHORT_BY_OID.get(type) ?? type };
  return invalid(`unknown name attribute type: ${type}`);
}

function encodeValue(attrOid: string, value: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) invalid('name attribute value is empty');
  if (value !== value.trim()) invalid('name attribute value has leading or trailing spaces');
  if (/[\u0000-\u001f\u007f]/.test(value)) invalid('name attribute value has control characters');
  const ub = UPPER_BOUND[attrOid];
  if (ub !== undefined && [...value].length > ub) invalid(`name attribute value longer than ${ub} characters`);
  switch (attrOid) {
    case NAME_ATTRIBUTES.C:
      if (!/^[A-Z]{2}$/.test(value)) invalid('country must be two upper-case letters (ISO 3166)');
      return printableString(value);
    case NAME_ATTRIBUTES.serialNumber:
      if (!isPrintableString(value)) invalid('serialNumber must use PrintableString characters');
      return printableString(value);
    case NAME_ATTRIBUTES.emailAddress:
    case NAME_ATTRIBUTES.DC:
      return ia5String(value);
    default:
      return utf8String(value);
  }
}

/**
 * Builds a Name. Throws `ERR_CERT_INVALID_NAME` for an empty name, an unknown attribute type,
 * or a value that breaks the type's rules (length bounds, character set, control characters).
 */
export function buildName(input: NameInput): DistinguishedName {
  const rdns: NameAttributeInput[][] = typeof input === 'string' ? parseNameString(input) : (input ?? []).map((a) => [a]);
  if (rdns.length === 0) invalid('a name needs at least one attribute');
  const der = sequence(
    ...rdns.map((rdn) => setOf(...rdn.map((a) => {
      if (a === null || typeof a !== 'object') invalid('name attribute must be an object');
      const t = resolveType(a.type);
      return sequence(oid(t.oid), encodeValue(t.oid, a.value));
    }))),
  );
  return parseName(der);
}

/** Parses DER Name bytes. Throws `ERR_ASN1_MALFORMED` on bad input. */
export function parseName(der: Uint8Array): DistinguishedName {
  return nameFromElement(decodeDer(der));
}

/** Decodes a Name element found inside a larger structure, keeping its exact bytes. */
export function nameFromElement(el: DerElement): DistinguishedName {
  expectTag(el, TAG.SEQUENCE, 'Name');
  const rdns = derChildren(el).map((rdnEl) => {
    const atvs = derChildren(expectTag(rdnEl, TAG.SET, 'RelativeDistinguishedName'));
    if (atvs.length === 0) malformed('RelativeDistinguishedName: empty');
    return atvs.map((atvEl): NameAttribute => {
      const parts = derChildren(expectTag(atvEl, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      if (parts.length !== 2) malformed('AttributeTypeAndValue: expected type and value');
      const attrOid = readOid(parts[0], 'attribute type');
      const valueEl = parts[1]!;
      let value: string;
      try {
        value = readString(valueEl, 'attribute value').value;
      } catch {
        // Non-string values are shown the RFC 4514 way rather than rejected.
        value = '#' + Buffer.from(valueEl.raw).toString('hex');
      }
      return { type: SHORT_BY_OID.get(attrOid) ?? attrOid, oid: attrOid, value };
    });
  });
  const copy = new Uint8Array(el.raw);
  return { rdns, der: copy, text: nameToString(rdns) };
}

/** RFC 4514 text of a name: last RDN first, multi-valued RDNs joined by `+`. */
export function nameToString(rdns: readonly (readonly NameAttribute[])[]): string {
  return [...rdns].reverse().map((rdn) => rdn.map((a) => `${a.type}=${escapeValue(a.value)}`).join('+')).join(', ');
}

function escapeValue(v: string): string {
  if (v.startsWith('#') && /^#([0-9a-f]{2})+$/.test(v)) return v;
  let s = v.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (s.startsWith(' ') || s.startsWith('#')) s = '\\' + s;
  if (s.endsWith(' ') && s.length > 1) s = s.slice(0, -1) + '\\ ';
  return s;
}

/**
 * Parses RFC 4514 text into RDNs in encoding order. Accepts `, ` or `,` between RDNs and `+`
 * within one, backslash escapes of special characters and of hex pairs (UTF-8 bytes).
 */
export function parseNameString(text: string): NameAttributeInput[][] {
  if (typeof text !== 'string') invalid('name is not a string');
  const rdns: NameAttributeInput[][] = [];
  let rdn: NameAttributeInput[] = [];
  let i = 0;
  const n = text.length;
  const skipSpaces = (): void => {
    while (i < n && text[i] === ' ') i++;
  };
  while (i < n) {
    skipSpaces();
    const eq = text.indexOf('=', i);
    if (eq < 0) invalid(`missing '=' in name: ${text}`);
    const type = text.slice(i, eq).trim();
    if (type === '') invalid('empty attribute type in name');
    i = eq + 1;
    skipSpaces();
    const bytes: number[] = [];
    let lastSignificant = 0;
    const enc = new TextEncoder();
    while (i < n && text[i] !== ',' && text[i] !== '+' && text[i] !== ';') {
      const c = text[i]!;
      if (c === '\\') {
        const pair = text.slice(i + 1, i + 3);
        if (/^[0-9a-fA-F]{2}$/.test(pair)) {
          bytes.push(parseInt(pair, 16));
          i += 3;
        } else if (i + 1 < n) {
          bytes.push(...enc.encode(text[i + 1]!));
          i += 2;
        } else {
          invalid('dangling escape in name');
        }
        lastSignificant = bytes.length;
        continue;
      }
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...enc.encode(ch));
      if (ch !== ' ') lastSignificant = bytes.length;
      i += ch.length;
    }
    let value: string;
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes.slice(0, lastSignificant)));
    } catch {
      return invalid('escaped bytes in name are not UTF-8');
    }
    rdn.push({ type, value });
    if (i < n && text[i] === '+') {
      i++;
      continue;
    }
    rdns.push(rdn);
    rdn = [];
    if (i < n) i++; // the ',' or ';'
  }
  if (rdn.length > 0) rdns.push(rdn);
  // Text lists the least significant RDN first; the encoding wants the most significant first.
  return rdns.reverse();
}

function normalise(v: string): string {
  return v.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * True when two names are the same for chain building: identical DER, or the same attributes
 * in the same RDN structure with values equal after the RFC 5280 §7.1 style folding (Unicode
 * NFKC, case, runs of spaces), regardless of string type.
 */
export function namesMatch(a: DistinguishedName, b: DistinguishedName): boolean {
  if (Buffer.compare(a.der, b.der) === 0) return true;
  if (a.rdns.length !== b.rdns.length) return false;
  return a.rdns.every((rdnA, i) => {
    const rdnB = b.rdns[i]!;
    if (rdnA.length !== rdnB.length) return false;
    const key = (x: NameAttribute): string => `${x.oid}=${normalise(x.value)}`;
    const setB = new Set(rdnB.map(key));
    return rdnA.every((x) => setB.has(key(x)));
  });
}

/** The first value of an attribute (by short name or OID), or undefined. */
export function nameAttribute(name: DistinguishedName, type: NameAttributeType | string): string | undefined {
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type || a.oid === type) return a.value;
  return undefined;
}
