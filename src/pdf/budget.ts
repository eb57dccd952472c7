/**
 * What one document may cost to read. A file names its own work: a few kilobytes of flate data
 * can inflate to gigabytes, cross-reference data can number millions of objects or loop, and
 * objects can nest and refer onwards without end. Each {@link PdfDocument} draws on one budget
 * (shared with the earlier revisions read from it), so the total is bounded however the cost is
 * spread over streams, sections and objects. Past a limit the reading stops with
 * ERR_PDF_BUDGET.
 *
 * The defaults leave room for the largest legitimate files we take: a 20 MB, 420-page PDF is
 * stamped and verified using a few per cent of each (see test/pdf/budget.test.ts).
 */
import { PdfError, isPdfError } from './errors.ts';

/** Limits per document, the file and its earlier revisions together. */
export interface PdfLimits {
  /** Bytes inflated from all streams together. */
  readonly decodedBytes: number;
  /** Bytes one stream may inflate to. */
  readonly streamBytes: number;
  /** Bytes of decoded object streams kept for reuse; past it the oldest are dropped. */
  readonly objectStreamCache: number;
  /** Cross-reference entries read, over all sections. */
  readonly xrefEntries: number;
  /** Cross-reference sections (revisions). */
  readonly xrefSections: number;
  /** Objects kept in the document's cache, counting every array and dictionary element in them. */
  readonly objects: number;
  /** Nesting of arrays and dictionaries inside one object. */
  readonly depth: number;
  /** Work units: one per object or operand parsed, one per 256 bytes scanned or hashed. */
  readonly work: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = Object.freeze({
  decodedBytes: 128 * 1024 * 1024,
  streamBytes: 32 * 1024 * 1024,
  objectStreamCache: 16 * 1024 * 1024,
  xrefEntries: 1_000_000,
  xrefSections: 1024,
  objects: 250_000,
  depth: 64,
  work: 24_000_000,
});

/**
 * Limits for verifying an upload or previewing one of its pages. Verification reads the
 * cross-reference data, the form and the signed revisions' changed objects, and a preview one
 * page, so either needs a small part of what finding a keyword on every page does; an anonymous
 * upload gets no more than that.
 */
export const UPLOAD_PDF_LIMITS: Partial<PdfLimits> = Object.freeze({
  decodedBytes: 32 * 1024 * 1024,
  streamBytes: 8 * 1024 * 1024,
  xrefEntries: 200_000,
  work: 4_000_000,
});

/** Bytes scanned or hashed per work unit. */
export const BYTES_PER_WORK = 256;

/** The running cost of one document against its limits. */
export class PdfBudget {
  readonly limits: PdfLimits;
  private decoded = 0;
  private entries = 0;
  private sections = 0;
  private objects = 0;
  private work = 0;

  constructor(limits: Partial<PdfLimits> = {}) {
    this.limits = { ...DEFAULT_PDF_LIMITS, ...limits };
  }

  /** The most the next stream may inflate to. */
  streamAllowance(): number {
    return Math.max(0, Math.min(this.limits.streamBytes, this.limits.decodedBytes - this.decoded));
  }

  chargeDecoded(bytes: number): void {
    this.decoded += bytes;
    if (this.decoded > this.limits.decodedBytes) exceeded('decoded stream bytes', this.limits.decodedBytes);
  }

  chargeEntries(count: number): void {
    this.entries += count;
    if (this.entries > this.limits.xrefEntries) exceeded('cross-reference entries', this.limits.xrefEntries);
    this.chargeWork(count);
  }

  chargeSection(): void {
    if (++this.sections > this.limits.xrefSections) exceeded('cross-reference sections', this.limits.xrefSections);
  }

  /** Charges `elements` kept in the object cache. */
  chargeObjects(elements: number): void {
    this.objects += elements;
    if (this.objects > this.limits.objects) exceeded('objects kept', this.limits.objects);
  }

  /** Work units charged so far. */
  get workDone(): number {
    return this.work;
  }

  chargeWork(units: number): void {
    this.work += units;
    if (this.work > this.limits.work) exceeded('work', this.limits.work);
  }

  /** Work for scanning or hashing `bytes`. */
  chargeBytes(bytes: number): void {
    this.chargeWork(Math.ceil(bytes / BYTES_PER_WORK));
  }

  /** What has been used so far, for tests and reports. */
  used(): { decodedBytes: number; xrefEntries: number; xrefSections: number; objects: number; work: number } {
    return { decodedBytes: this.decoded, xrefEntries: this.entries, xrefSections: this.sections, objects: this.objects, work: this.work };
  }
}

function exceeded(what: string, limit: number): never {
  throw new PdfError('ERR_PDF_BUDGET', `the document exceeds the limit on ${what} (${limit})`);
}

/**
 * Rethrows a budget failure. Readers that tolerate damage (a wrong /Length, an unreadable font)
 * catch errors and go on; an exhausted budget must end the reading instead.
 */
export function rethrowBudget(e: unknown): void {
  if (isPdfError(e, 'ERR_PDF_BUDGET')) throw e;
  if (e instanceof RangeError) throw new PdfError('ERR_PDF_BUDGET', 'the document nests too deeply to read', { cause: e });
}
