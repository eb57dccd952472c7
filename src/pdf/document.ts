/**
 * A read-only view of a PDF file through its cross-reference sections. Objects are parsed on
 * first use and cached, so opening a large file reads little more than its tail. A view can be
 * limited to a prefix of the file, which is how an earlier revision is read. Everything read is
 * charged to the document's {@link PdfBudget}.
 */
import { PdfBudget, rethrowBudget } from './budget.ts';
import type { PdfLimits } from './budget.ts';
import { PdfError, malformedPdf } from './errors.ts';
import { decodeStream } from './filters.ts';
import type { PdfDict, PdfObject, PdfRef, PdfStream } from './objects.ts';
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
  /** The budget to draw on, e.g. the one of the file an earlier revision is read from. */
  readonly budget?: PdfBudget;
  /** Limits for a budget of its own (ignored with `budget`); defaults {@link DEFAULT_PDF_LIMITS}. */
  readonly limits?: Partial<PdfLimits>;
}

const MAX_RESOLVE_DEPTH = 32;
/** Objects being loaded at once: an indirect /Length may name another stream, and so on. */
const MAX_LOAD_DEPTH = 32;

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
  /** What reading this document may still cost. */
  readonly budget: PdfBudget;
  private readonly entries: Map<number, XrefEntry>;
  private readonly cache = new Map<number, PdfObject>();
  /** Decoded object streams, oldest first, kept up to the budget's cache size. */
  private readonly objectStreams = new Map<number, ObjectStream>();
  private cachedStreamBytes = 0;
  private readonly loading = new Set<number>();

  private constructor(bytes: Uint8Array, startxref: number, sections: XrefSection[], budget: PdfBudget) {
    this.bytes = bytes;
    this.startxref = startxref;
    this.sections = sections;
    this.budget = budget;
    this.trailer = sections[0]!.trailer;
    this.entries = new Map();
    for (let i = sections.length - 1; i >= 0; i--) for (const [k, v] of sections[i]!.entries) this.entries.set(k, v);
  }

  /**
   * Opens `bytes`. Throws ERR_PDF_TOO_LARGE, ERR_PDF_NOT_PDF, ERR_PDF_MALFORMED (damaged or
   * missing cross-reference data, no catalog), ERR_PDF_ENCRYPTED or ERR_PDF_BUDGET.
   */
  static load(bytes: Uint8Array, opts: LoadPdfOptions = {}): PdfDocument {
    if (!(bytes instanceof Uint8Array)) throw new PdfError('ERR_PDF_NOT_PDF', 'input is not a byte array');
    const max = opts.maxBytes ?? DEFAULT_MAX_PDF_BYTES;
    if (bytes.length > max) throw new PdfError('ERR_PDF_TOO_LARGE', `input of ${bytes.length} bytes exceeds the limit of ${max}`);
    const header = indexOfAscii(bytes.subarray(0, Math.min(bytes.length, 1024)), '%PDF-');
    // Offsets are taken as written; a file with junk before the header would need them shifted.
    if (header !== 0) throw new PdfError('ERR_PDF_NOT_PDF', 'no %PDF- header at the start of the input');
    const budget = opts.budget ?? new PdfBudget(opts.limits);
    const startxref = findStartXref(bytes);
    const doc = new PdfDocument(bytes, startxref, readXrefChain(bytes, startxref, budget), budget);
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

  /** The decoded data of a stream of this document, charged to its budget. */
  decode(s: PdfStream): Uint8Array {
    return decodeStream(s, this.budget);
  }

  /** The value of object `num`, or undefined when it is free or absent. */
  object(num: number): PdfObject | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    const e = this.entries.get(num);
    if (e === undefined || e.type === 'free') return undefined;
    if (this.loading.has(num)) malformedPdf(`object ${num} refers to itself while loading`);
    // A budget failure, not a damaged file: the indirect /Length reader forgives damage.
    if (this.loading.size >= MAX_LOAD_DEPTH) throw new PdfError('ERR_PDF_BUDGET', 'objects refer onwards too deeply while loading');
    this.loading.add(num);
    const before = this.budget.workDone;
    try {
      const v = e.type === 'offset' ? this.direct(num, e.offset) : this.compressed(num, e.stream, e.index);
      // What the cache keeps grows with what was parsed for it.
      this.budget.chargeObjects(Math.max(1, this.budget.workDone - before));
      this.cache.set(num, v);
      return v;
    } finally {
      this.loading.delete(num);
    }
  }

  private direct(num: number, offset: number): PdfObject {
    const obj = readIndirectObject(this.bytes, offset, (r) => this.lengthOf(r), this.budget);
    if (obj.num !== num) malformedPdf(`cross-reference entry for object ${num} points at object ${obj.num}`);
    return obj.value;
  }

  private lengthOf(r: PdfRef): number | undefined {
    try {
      const v = this.object(r.num);
      return isNumber(v) ? v : undefined;
    } catch (e) {
      rethrowBudget(e);
      return undefined;
    }
  }

  private compressed(num: number, stream: number, index: number): PdfObject {
    const os = this.objectStream(stream);
    const entry = os.offsets[index];
    if (entry === undefined || entry[0] !== num) malformedPdf(`object ${num} not found in object stream ${stream}`);
    return new PdfLexer(os.data, entry[1], false, undefined, this.budget).object();
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
    const data = this.decode(s);
    if (first > data.length || n * 4 > first + 4) malformedPdf('bad object stream header');
    const lx = new PdfLexer(data, 0, false, undefined, this.budget);
    this.budget.chargeWork(n);
    const offsets: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const objNum = lx.integer('object stream entry');
      const rel = lx.integer('object stream offset');
      if (first + rel >= data.length) malformedPdf('object stream offset outside its data');
      offsets.push([objNum, first + rel]);
    }
    const os = { data, offsets };
    this.keep(num, os);
    return os;
  }

  /** Caches a decoded object stream, dropping the oldest past the cache size (one is always kept). */
  private keep(num: number, os: ObjectStream): void {
    const limit = this.budget.limits.objectStreamCache;
    for (const [k, v] of this.objectStreams) {
      if (this.cachedStreamBytes + os.data.length <= limit) break;
      this.objectStreams.delete(k);
      this.cachedStreamBytes -= v.data.length;
    }
    this.objectStreams.set(num, os);
    this.cachedStreamBytes += os.data.length;
  }
}
