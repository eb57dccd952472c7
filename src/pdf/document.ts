/**
 * A read-only view of a PDF file through its cross-reference sections. Objects are parsed on
 * first use and cached, so opening a large file reads little more than its tail. A view can be
 * limited to a prefix of the file, which is how an earlier revision is read.
 */
import { PdfError, malformedPdf } from './errors.ts';
import { decodeStream } from './filters.ts';
import type { PdfDict, PdfObject, PdfRef } from './objects.ts';
import { isDict, isNumber, isRef, isStream } from './objects.ts';
import { PdfLexer, indexOfAscii, readIndirectObject } from './parse-object.ts';
import type { XrefEntry, XrefSection } from './xref.ts';
import { findStartXref, readXrefChain } from './xref.ts';

/** Default upper bound on input size: 100 MiB. */
export const DEFAULT_MAX_PDF_BYTES = 100 * 1024 * 1024;

/** Options for {@link PdfDocument.load}. */
export interface LoadPdfOptions {
  /** Larger inputs fail with ERR_PDF_TOO_LARGE. Default {@link DEFAULT_MAX_PDF_BYTES}. */
  readonly maxBytes?: number;
}

const MAX_RESOLVE_DEPTH = 32;

interface ObjectStream {
  readonly data: Uint8Array;
  readonly offsets: readonly (readonly [number, number])[];
}

/** A parsed PDF (or a prefix of one that ends with a complete revision). */
export class PdfDocument {
  /** The bytes this view reads (a prefix of the file for an earlier revision). */
  readonly bytes: Uint8Array;
  /** Offset named by the final `startxref`. */
  readonly startxref: number;
  /** Cross-reference sections, newest first. */
  readonly sections: readonly XrefSection[];
  /** The newest trailer. */
  readonly trailer: PdfDict;
  private readonly entries: Map<number, XrefEntry>;
  private readonly cache = new Map<number, PdfObject>();
  private readonly objectStreams = new Map<number, ObjectStream>();
  private readonly loading = new Set<number>();

  private constructor(bytes: Uint8Array, startxref: number, sections: XrefSection[]) {
    this.bytes = bytes;
    this.startxref = startxref;
    this.sections = sections;
    this.trailer = sections[0]!.trailer;
    this.entries = new Map();
    for (let i = sections.length - 1; i >= 0; i--) for (const [k, v] of sections[i]!.entries) this.entries.set(k, v);
  }

  /**
   * Opens `bytes`. Throws ERR_PDF_TOO_LARGE, ERR_PDF_NOT_PDF, ERR_PDF_MALFORMED (damaged or
   * missing cross-reference data, no catalog) or ERR_PDF_ENCRYPTED.
   */
  static load(bytes: Uint8Array, opts: LoadPdfOptions = {}): PdfDocument {
    if (!(bytes instanceof Uint8Array)) throw new PdfError('ERR_PDF_NOT_PDF', 'input is not a byte array');
    const max = opts.maxBytes ?? DEFAULT_MAX_PDF_BYTES;
    if (bytes.length > max) throw new PdfError('ERR_PDF_TOO_LARGE', `input of ${bytes.length} bytes exceeds the limit of ${max}`);
    const header = indexOfAscii(bytes.subarray(0, Math.min(bytes.length, 1024)), '%PDF-');
    // Offsets are taken as written; a file with junk before the header would need them shifted.
    if (header !== 0) throw new PdfError('ERR_PDF_NOT_PDF', 'no %PDF- header at the start of the input');
    const startxref = findStartXref(bytes);
    const doc = new PdfDocument(bytes, startxref, readXrefChain(bytes, startxref));
    if (doc.trailer.entries.has('Encrypt')) throw new PdfError('ERR_PDF_ENCRYPTED', 'encrypted PDFs are not supported');
    if (!isRef(doc.trailer.entries.get('Root'))) malformedPdf('trailer has no /Root reference');
    if (!isDict(doc.catalog())) malformedPdf('document catalog is not a dictionary');
    return doc;
  }

  /** The document catalog. */
  catalog(): PdfDict {
    const c = this.resolve(this.trailer.entries.get('Root'));
    if (!isDict(c)) return malformedPdf('document catalog is not a dictionary');
    return c;
  }

  /** One more than the highest object number in use (the trailer's /Size, checked). */
  size(): number {
    const s = this.trailer.entries.get('Size');
    let max = 0;
    for (const k of this.entries.keys()) if (k > max) max = k;
    return Math.max(isNumber(s) && Number.isInteger(s) ? s : 0, max + 1);
  }

  /** The cross-reference entry for object `num`, if any. */
  entry(num: number): XrefEntry | undefined {
    return this.entries.get(num);
  }

  /** Follows references (bounded) to a direct object; undefined for missing or free objects. */
  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let cur = o;
    for (let i = 0; isRef(cur); i++) {
      if (i > MAX_RESOLVE_DEPTH) malformedPdf('reference chain too long');
      cur = this.object(cur.num);
    }
    return cur;
  }

  /** A dictionary (or a stream's dictionary) through references, else undefined. */
  resolveDict(o: PdfObject | undefined): PdfDict | undefined {
    const v = this.resolve(o);
    if (isDict(v)) return v;
    if (isStream(v)) return v.dict;
    return undefined;
  }

  /** The value of object `num`, or undefined when it is free or absent. */
  object(num: number): PdfObject | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    const e = this.entries.get(num);
    if (e === undefined || e.type === 'free') return undefined;
    if (this.loading.has(num)) malformedPdf(`object ${num} refers to itself while loading`);
    this.loading.add(num);
    try {
      const v = e.type === 'offset' ? this.direct(num, e.offset) : this.compressed(num, e.stream, e.index);
      this.cache.set(num, v);
      return v;
    } finally {
      this.loading.delete(num);
    }
  }

  private direct(num: number, offset: number): PdfObject {
    const obj = readIndirectObject(this.bytes, offset, (r) => this.lengthOf(r));
    if (obj.num !== num) malformedPdf(`cross-reference entry for object ${num} points at object ${obj.num}`);
    return obj.value;
  }

  private lengthOf(r: PdfRef): number | undefined {
    try {
      const v = this.object(r.num);
      return isNumber(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  private compressed(num: number, stream: number, index: number): PdfObject {
    const os = this.objectStream(stream);
    const entry = os.offsets[index];
    if (entry === undefined || entry[0] !== num) malformedPdf(`object ${num} not found in object stream ${stream}`);
    return new PdfLexer(os.data, entry[1], false).object();
  }

  private objectStream(num: number): ObjectStream {
    const cached = this.objectStreams.get(num);
    if (cached !== undefined) return cached;
    const e = this.entries.get(num);
    if (e?.type !== 'offset') malformedPdf(`object stream ${num} is not a direct object`);
    const s = this.direct(num, e.offset);
    if (!isStream(s)) return malformedPdf(`object ${num} is not an object stream`);
    const n = s.dict.entries.get('N');
    const first = s.dict.entries.get('First');
    if (!isNumber(n) || !isNumber(first) || !Number.isInteger(n) || !Number.isInteger(first) || n < 0 || first < 0) {
      malformedPdf('bad object stream header');
    }
    const data = decodeStream(s);
    if (first > data.length || n * 4 > first + 4) malformedPdf('bad object stream header');
    const lx = new PdfLexer(data, 0, false);
    const offsets: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const objNum = lx.integer('object stream entry');
      const rel = lx.integer('object stream offset');
      if (first + rel >= data.length) malformedPdf('object stream offset outside its data');
      offsets.push([objNum, first + rel]);
    }
    const os = { data, offsets };
    this.objectStreams.set(num, os);
    return os;
  }
}
