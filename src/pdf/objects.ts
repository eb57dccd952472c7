/**
 * The PDF object model (ISO 32000-1 §7.3) as plain data. Dictionaries keep their keys in order,
 * so that an object we rewrite for an incremental update stays recognisable; strings keep their
 * exact bytes and, when read from the file itself, where they sit (the signature's /Contents gap
 * must match its /ByteRange to the byte).
 */

/** A name such as `/Type`, stored without the slash and with #xx escapes decoded. */
export interface PdfName {
  readonly kind: 'name';
  readonly name: string;
}

/** A literal or hexadecimal string. */
export interface PdfString {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  readonly hex: boolean;
  /** Offset of the opening delimiter in the file, -1 when read from a decoded stream. */
  readonly start: number;
  /** Offset just past the closing delimiter, -1 when read from a decoded stream. */
  readonly end: number;
}

/** An indirect reference `num gen R`. */
export interface PdfRef {
  readonly kind: 'ref';
  readonly num: number;
  readonly gen: number;
}

/** A dictionary. */
export interface PdfDict {
  readonly kind: 'dict';
  readonly entries: Map<string, PdfObject>;
}

/** A stream: its dictionary and where its undecoded data sits in the source. */
export interface PdfStream {
  readonly kind: 'stream';
  readonly dict: PdfDict;
  /** The undecoded data (a view into the source). */
  readonly data: Uint8Array;
}

/** Raw bytes written verbatim by the serializer (placeholders); never produced by the parser. */
export interface PdfRaw {
  readonly kind: 'raw';
  readonly text: string;
}

/** Any PDF object. Arrays are plain arrays; numbers are JS numbers. */
export type PdfObject = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfStream | PdfRaw | PdfObject[];

/** A name object. */
export function name(n: string): PdfName {
  return { kind: 'name', name: n };
}

/** A reference. */
export function ref(num: number, gen = 0): PdfRef {
  return { kind: 'ref', num, gen };
}

/** A dictionary from key/value pairs (keys without the slash). */
export function dict(entries: Record<string, PdfObject> | Map<string, PdfObject> = {}): PdfDict {
  return { kind: 'dict', entries: entries instanceof Map ? new Map(entries) : new Map(Object.entries(entries)) };
}

/** A string object from bytes, written in hex. */
export function hexString(bytes: Uint8Array): PdfString {
  return { kind: 'string', bytes, hex: true, start: -1, end: -1 };
}

/** Raw text for the serializer. */
export function raw(text: string): PdfRaw {
  return { kind: 'raw', text };
}

/** Type guards. */
export const isName = (o: PdfObject | undefined, n?: string): o is PdfName =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'name' && (n === undefined || o.name === n);
export const isRef = (o: PdfObject | undefined): o is PdfRef =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'ref';
export const isDict = (o: PdfObject | undefined): o is PdfDict =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'dict';
export const isStream = (o: PdfObject | undefined): o is PdfStream =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'stream';
export const isString = (o: PdfObject | undefined): o is PdfString =>
  typeof o === 'object' && o !== null && !Array.isArray(o) && o.kind === 'string';
export const isNumber = (o: PdfObject | undefined): o is number => typeof o === 'number';

/** The dictionary of a dict or stream, else undefined. */
export function dictOf(o: PdfObject | undefined): PdfDict | undefined {
  if (isDict(o)) return o;
  if (isStream(o)) return o.dict;
  return undefined;
}

/** Structural equality (references compare by number and generation, not by target). */
export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameObject(x, b[i]));
  }
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'name': return a.name === (b as PdfName).name;
    case 'ref': return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'string': return Buffer.from(a.bytes).equals((b as PdfString).bytes);
    case 'raw': return a.text === (b as PdfRaw).text;
    case 'dict': return sameDict(a, b as PdfDict);
    case 'stream': return sameDict(a.dict, (b as PdfStream).dict) && Buffer.from(a.data).equals((b as PdfStream).data);
  }
}

function sameDict(a: PdfDict, b: PdfDict, ignore: ReadonlySet<string> = new Set()): boolean {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  for (const k of keys) {
    if (ignore.has(k)) continue;
    if (!sameObject(a.entries.get(k), b.entries.get(k))) return false;
  }
  return true;
}

/** True when the dictionaries are equal apart from the keys in `ignore`. */
export function sameDictExcept(a: PdfDict, b: PdfDict, ignore: ReadonlySet<string>): boolean {
  return sameDict(a, b, ignore);
}
