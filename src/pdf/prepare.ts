/**
 * Preparing a PDF for signing: one incremental update that adds a visible signature field and
 * a signature dictionary whose /Contents is a zero-filled placeholder.
 *
 * Steps: check options → open the document (size, header, xref, encryption) → locate the page
 * and check the rectangle against its MediaBox → seal appearance → signature dictionary →
 * field/widget → page /Annots → AcroForm /Fields → write the update → fill in /ByteRange.
 *
 * A cross-page seal (骑缝章) is still one signature and one field, but the field has a widget
 * on every page as its /Kids (a field may have several widgets; pdfsig lists it once), each showing the i-th of N vertical strips of the seal at the right edge of
 * page i, so the pages fanned out show the whole seal.
 */
import { addCrossPageAppearances, addSealAppearance } from './appearance.ts';
import type { ByteRange } from './byte-range.ts';
import { PdfDocument } from './document.ts';
import { PdfError, malformedPdf } from './errors.ts';
import { IncrementalUpdate } from './incremental-update.ts';
import type { PdfDict, PdfObject, PdfRef } from './objects.ts';
import { dict, isRef, isString, name, raw } from './objects.ts';
import { findPage, listPages } from './pages.ts';
import { SES_SUB_FILTER } from './ses-container.ts';
import type { PageLocation } from './pages.ts';
import { decodeTextString, pdfDate, textString } from './serialize.ts';

/** The /SubFilter values we write (GB.T38540.SES: see ses-container.ts). */
export type SignatureSubFilter = 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached' | typeof SES_SUB_FILTER;
const SUB_FILTERS: readonly string[] = ['adbe.pkcs7.detached', 'ETSI.CAdES.detached', SES_SUB_FILTER];

/** Input to {@link prepareSignature}. */
export interface PrepareOptions {
  /** 1-based page number; with `rect`, unless `crossPage` is given. */
  readonly page?: number;
  /** [x1, y1, x2, y2] in PDF points (default user space of the page), inside its MediaBox. */
  readonly rect?: readonly [number, number, number, number];
  /** Instead of `page` and `rect`: a cross-page seal over all pages (at least two). */
  readonly crossPage?: CrossPagePlacement;
  /** The seal image (PNG). */
  readonly image: Uint8Array;
  /** Written as /M; should equal the CMS signing time. */
  readonly signingTime: Date;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Default adbe.pkcs7.detached. */
  readonly subFilter?: SignatureSubFilter;
  /** Bytes reserved for the CMS (written as twice as many hex digits). Default 8192. */
  readonly contentsSize?: number;
  /** Field name; default the first free `Signature<n>`. */
  readonly fieldName?: string;
  /** Input size limit (see {@link PdfDocument.load}). */
  readonly maxBytes?: number;
}

/**
 * A cross-page seal of `width` × `height` points whose lower edge is at `y` on every page; page
 * i of N shows the i-th of N strips, each `width / N` wide, flush with its MediaBox's right edge.
 */
export interface CrossPagePlacement {
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A prepared PDF: sign {@link byteRangeDigest} of `byteRange`, then {@link embedSignature}. */
export interface PreparedPdf {
  readonly pdf: Buffer;
  readonly byteRange: ByteRange;
  readonly fieldName: string;
  /** Bytes available for the CMS. */
  readonly contentsSize: number;
}

/** Default room for the CMS: a chain of three SM2 certificates and an SES_Signature fit easily. */
export const DEFAULT_CONTENTS_SIZE = 8192;
const MAX_CONTENTS_SIZE = 1024 * 1024;
const DIGITS = 10;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(DIGITS)} ${'0'.repeat(DIGITS)} ${'0'.repeat(DIGITS)}]`;

function badOption(message: string): never {
  throw new PdfError('ERR_PDF_BAD_OPTIONS', message);
}

function checkOptions(o: PrepareOptions): void {
  if (o === null || typeof o !== 'object') badOption('options must be an object');
  if (!(o.signingTime instanceof Date) || !Number.isFinite(o.signingTime.getTime())) badOption('signingTime must be a valid date');
  if (!(o.image instanceof Uint8Array)) throw new PdfError('ERR_PDF_BAD_IMAGE', 'seal image must be PNG bytes');
  const size = o.contentsSize ?? DEFAULT_CONTENTS_SIZE;
  if (!Number.isInteger(size) || size < 256 || size > MAX_CONTENTS_SIZE) badOption('contentsSize out of range');
  if (o.subFilter !== undefined && !SUB_FILTERS.includes(o.subFilter)) badOption('unknown subFilter');
  for (const k of ['name', 'reason', 'location', 'contactInfo', 'fieldName'] as const) {
    if (o[k] !== undefined && (typeof o[k] !== 'string' || o[k].length > 1000)) badOption(`${k} must be a string`);
  }
  if (o.fieldName !== undefined && (o.fieldName.length === 0 || o.fieldName.includes('.'))) badOption('fieldName must be non-empty without periods');
  if (o.crossPage !== undefined) {
    if (o.page !== undefined || o.rect !== undefined) badOption('give page and rect, or crossPage, not both');
    const c = o.crossPage as Partial<CrossPagePlacement> | null;
    if (c === null || typeof c !== 'object' || ![c.y, c.width, c.height].every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new PdfError('ERR_PDF_RECT_RANGE', 'crossPage needs finite y, width and height');
    }
    if (!(c.width! > 0 && c.height! > 0)) throw new PdfError('ERR_PDF_RECT_RANGE', 'crossPage width and height must be positive');
  }
}

function checkRect(rect: PrepareOptions['rect'], page: PageLocation): asserts rect is readonly [number, number, number, number] {
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new PdfError('ERR_PDF_RECT_RANGE', 'rect must be four finite numbers');
  }
  const [x1, y1, x2, y2] = rect;
  const [mx1, my1, mx2, my2] = page.mediaBox;
  if (!(x1 < x2 && y1 < y2)) throw new PdfError('ERR_PDF_RECT_RANGE', 'rect must have x1 < x2 and y1 < y2');
  if (x1 < mx1 || y1 < my1 || x2 > mx2 || y2 > my2) {
    throw new PdfError('ERR_PDF_RECT_RANGE', `rect [${rect.join(' ')}] is outside the page's MediaBox [${page.mediaBox.join(' ')}]`);
  }
}

function signatureDictionary(o: PrepareOptions): PdfDict {
  const d = dict({
    Type: name('Sig'), Filter: name('Adobe.PPKLite'), SubFilter: name(o.subFilter ?? 'adbe.pkcs7.detached'),
    ByteRange: raw(BYTE_RANGE_PLACEHOLDER),
    Contents: raw(`<${'0'.repeat(2 * (o.contentsSize ?? DEFAULT_CONTENTS_SIZE))}>`),
    M: textString(pdfDate(o.signingTime)),
  });
  if (o.name !== undefined) d.entries.set('Name', textString(o.name));
  if (o.reason !== undefined) d.entries.set('Reason', textString(o.reason));
  if (o.location !== undefined) d.entries.set('Location', textString(o.location));
  if (o.contactInfo !== undefined) d.entries.set('ContactInfo', textString(o.contactInfo));
  return d;
}

function fieldNames(doc: PdfDocument, fields: PdfObject[]): Set<string> {
  const names = new Set<string>();
  for (const f of fields) {
    const t = doc.resolveDict(f)?.entries.get('T');
    if (isString(t)) names.add(decodeTextString(t.bytes));
  }
  return names;
}

/** Adds `widget` to the page's /Annots, rewriting the page or its indirect /Annots array. */
function addToPage(doc: PdfDocument, update: IncrementalUpdate, page: PageLocation, widget: PdfRef): void {
  const pageDict = doc.resolveDict(page.ref);
  if (pageDict === undefined) malformedPdf('page is not a dictionary');
  const annots = pageDict.entries.get('Annots');
  if (isRef(annots)) {
    const arr = doc.resolve(annots);
    if (!Array.isArray(arr)) malformedPdf('page /Annots is not an array');
    update.set(annots, [...arr, widget]);
    return;
  }
  if (annots !== undefined && !Array.isArray(annots)) malformedPdf('page /Annots is not an array');
  const copy = dict(pageDict.entries);
  copy.entries.set('Annots', [...(annots ?? []), widget]);
  update.set(page.ref, copy);
}

/** Adds `field` to the AcroForm (creating one if needed) with SigFlags 3; returns existing field names. */
function addToForm(doc: PdfDocument, update: IncrementalUpdate, field: PdfRef): Set<string> {
  const rootRef = doc.trailer.entries.get('Root') as PdfRef;
  const catalog = doc.catalog();
  const formEntry = catalog.entries.get('AcroForm');
  const form = formEntry === undefined ? dict() : doc.resolveDict(formEntry);
  if (form === undefined) malformedPdf('/AcroForm is not a dictionary');
  const fields = doc.resolve(form.entries.get('Fields')) ?? [];
  if (!Array.isArray(fields)) malformedPdf('/AcroForm /Fields is not an array');
  const names = fieldNames(doc, fields);
  const newForm = dict(form.entries);
  newForm.entries.set('Fields', [...fields, field]);
  newForm.entries.set('SigFlags', 3);
  if (isRef(formEntry)) {
    update.set(formEntry, newForm);
  } else {
    const newCatalog = dict(catalog.entries);
    newCatalog.entries.set('AcroForm', formEntry === undefined ? update.add(newForm) : newForm);
    update.set(rootRef, newCatalog);
  }
  return names;
}

function fillByteRange(pdf: Buffer, sigOffset: number): ByteRange {
  const br = pdf.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigOffset, 'latin1');
  const contents = pdf.indexOf('/Contents <', sigOffset, 'latin1');
  if (br < 0 || contents < 0) throw new Error('placeholder not found in the signature dictionary');
  const a = contents + '/Contents '.length;
  const b = pdf.indexOf('>', a, 'latin1') + 1;
  const range: ByteRange = [0, a, b, pdf.length - b];
  const text = `[${range.join(' ')}`.padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']';
  pdf.write(text, br + '/ByteRange '.length, 'latin1');
  return range;
}

/**
 * Adds a signature field showing `image` on `page` and a signature placeholder, as an
 * incremental update of `pdf` (whose bytes remain the prefix of the result).
 *
 * Throws PdfError: ERR_PDF_NOT_PDF, ERR_PDF_MALFORMED, ERR_PDF_ENCRYPTED, ERR_PDF_TOO_LARGE,
 * ERR_PDF_PAGE_RANGE, ERR_PDF_RECT_RANGE, ERR_PDF_BAD_IMAGE, ERR_PDF_BAD_OPTIONS, and
 * ERR_PDF_TOO_FEW_PAGES for a cross-page seal on a one-page document.
 */
export function prepareSignature(pdf: Uint8Array, opts: PrepareOptions): PreparedPdf {
  checkOptions(opts);
  const doc = PdfDocument.load(pdf, { maxBytes: opts.maxBytes });
  const placed = opts.crossPage === undefined ? [placeOnPage(doc, opts)] : placeAcrossPages(doc, opts.crossPage);
  const update = new IncrementalUpdate(doc);
  const appearances = opts.crossPage === undefined
    ? [addSealAppearance(update, opts.image, placed[0]!.rect[2] - placed[0]!.rect[0], placed[0]!.rect[3] - placed[0]!.rect[1])]
    : addCrossPageAppearances(update, opts.image, opts.crossPage.width, opts.crossPage.height, placed.length);
  const sig = update.add(signatureDictionary(opts));
  const field = update.allocate();
  const existing = addToForm(doc, update, field);
  let fieldName = opts.fieldName;
  if (fieldName === undefined) {
    let n = existing.size + 1;
    while (existing.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  } else if (existing.has(fieldName)) {
    badOption(`a field named ${fieldName} already exists`);
  }
  const widget = (p: Placed, ap: PdfRef) => ({ Type: name('Annot'), Subtype: name('Widget'), Rect: [...p.rect], F: 4, P: p.page.ref, AP: dict({ N: ap }) });
  if (opts.crossPage === undefined) {
    // One widget merged into its field, as readers expect of an ordinary signature.
    update.set(field, dict({ ...widget(placed[0]!, appearances[0]!), FT: name('Sig'), T: textString(fieldName), V: sig }));
    addToPage(doc, update, placed[0]!.page, field);
  } else {
    const kids = placed.map((p, i) => {
      // No /Parent: poppler before 23 takes a kid with /Parent for a field of its own and, not
      // inheriting /V, lists every page as an unsigned signature; without it, readers find
      // the widgets through the field's /Kids and the page's /Annots.
      const kid = update.add(dict(widget(p, appearances[i]!)));
      addToPage(doc, update, p.page, kid);
      return kid;
    });
    update.set(field, dict({ FT: name('Sig'), T: textString(fieldName), V: sig, Kids: kids }));
  }
  const built = update.build();
  const byteRange = fillByteRange(built.pdf, built.offsets.get(sig.num)!);
  return { pdf: built.pdf, byteRange, fieldName, contentsSize: opts.contentsSize ?? DEFAULT_CONTENTS_SIZE };
}

interface Placed {
  readonly page: PageLocation;
  readonly rect: readonly [number, number, number, number];
}

function placeOnPage(doc: PdfDocument, opts: PrepareOptions): Placed {
  if (opts.page === undefined) throw new PdfError('ERR_PDF_PAGE_RANGE', 'a page (or crossPage) is required');
  const page = findPage(doc, opts.page);
  checkRect(opts.rect, page);
  return { page, rect: opts.rect };
}

/** One strip per page at the right edge; every strip must fit its page. */
function placeAcrossPages(doc: PdfDocument, c: CrossPagePlacement): Placed[] {
  const pages = listPages(doc);
  if (pages.length < 2) throw new PdfError('ERR_PDF_TOO_FEW_PAGES', `a cross-page seal needs at least 2 pages; the document has ${pages.length}`);
  const strip = c.width / pages.length;
  return pages.map((page, i) => {
    const [mx1, my1, mx2, my2] = page.mediaBox;
    if (c.y < my1 || c.y + c.height > my2 || strip > mx2 - mx1) {
      throw new PdfError('ERR_PDF_RECT_RANGE', `the cross-page seal from y ${c.y} to ${c.y + c.height} does not fit page ${i + 1} (MediaBox [${page.mediaBox.join(' ')}])`);
    }
    return { page, rect: [mx2 - strip, c.y, mx2, c.y + c.height] as const };
  });
}
