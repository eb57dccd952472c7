/**
 * Enumerating the signatures of a PDF: the signature fields of the interactive form (fields of
 * type /Sig, the type possibly inherited from a parent) whose value is a signature dictionary.
 */
import type { PdfDocument } from './document.ts';
import type { PdfDict, PdfObject } from './objects.ts';
import { isName, isNumber, isRef, isString } from './objects.ts';
import { decodeTextString, parsePdfDate } from './serialize.ts';

/** A signature dictionary as found in the file (nothing checked yet). */
export interface FoundSignature {
  /** Fully qualified field name (parent names joined with periods). */
  readonly fieldName: string;
  readonly filter: string | undefined;
  readonly subFilter: string | undefined;
  /** /ByteRange as written (checked later). */
  readonly byteRange: readonly number[] | undefined;
  /** Decoded /Contents bytes. */
  readonly contents: Uint8Array | undefined;
  /** File offsets of the /Contents hex string's delimiters [start, end); -1 when not read from the file. */
  readonly contentsSpan: readonly [number, number];
  /** File offset of the signature dictionary's object, -1 when not a plain object in the file. */
  readonly objectOffset: number;
  /** /M, the claimed signing time in the PDF. */
  readonly time: Date | undefined;
  readonly name: string | undefined;
  readonly reason: string | undefined;
  readonly location: string | undefined;
}

const MAX_FIELD_DEPTH = 32;
const MAX_FIELDS = 100_000;

function text(d: PdfDict, key: string): string | undefined {
  const v = d.entries.get(key);
  return isString(v) ? decodeTextString(v.bytes) : undefined;
}

/** All signed signature fields, in form order. Throws ERR_PDF_MALFORMED for a broken form. */
export function findSignatures(doc: PdfDocument): FoundSignature[] {
  const form = doc.resolveDict(doc.catalog().entries.get('AcroForm'));
  const fields = doc.resolve(form?.entries.get('Fields'));
  if (!Array.isArray(fields)) return [];
  const out: FoundSignature[] = [];
  const seen = new Set<number>();
  let visited = 0;
  const walk = (items: PdfObject[], parentName: string, parentType: string | undefined, depth: number) => {
    if (depth > MAX_FIELD_DEPTH) return;
    for (const item of items) {
      if (isRef(item)) {
        if (seen.has(item.num)) continue;
        seen.add(item.num);
      }
      if (++visited > MAX_FIELDS) return;
      const f = doc.resolveDict(item);
      if (f === undefined) continue;
      const partial = text(f, 'T');
      const full = partial === undefined ? parentName : parentName === '' ? partial : `${parentName}.${partial}`;
      const ft = f.entries.get('FT');
      const type = isName(ft) ? ft.name : parentType;
      const kids = doc.resolve(f.entries.get('Kids'));
      if (Array.isArray(kids)) walk(kids, full, type, depth + 1);
      if (type !== 'Sig') continue;
      const vRef = f.entries.get('V');
      const v = doc.resolveDict(vRef);
      if (v === undefined) continue;
      out.push(describe(doc, full, v, vRef));
    }
  };
  walk(fields, '', undefined, 0);
  return out;
}

function describe(doc: PdfDocument, fieldName: string, v: PdfDict, vRef: PdfObject | undefined): FoundSignature {
  const br = doc.resolve(v.entries.get('ByteRange'));
  const contents = v.entries.get('Contents');
  const filter = v.entries.get('Filter');
  const subFilter = v.entries.get('SubFilter');
  const m = text(v, 'M');
  const entry = isRef(vRef) ? doc.entry(vRef.num) : undefined;
  return {
    fieldName,
    filter: isName(filter) ? filter.name : undefined,
    subFilter: isName(subFilter) ? subFilter.name : undefined,
    byteRange: Array.isArray(br) && br.every(isNumber) ? (br as number[]) : undefined,
    contents: isString(contents) ? contents.bytes : undefined,
    contentsSpan: isString(contents) ? [contents.start, contents.end] : [-1, -1],
    objectOffset: entry?.type === 'offset' ? entry.offset : -1,
    time: m === undefined ? undefined : parsePdfDate(m),
    name: text(v, 'Name'),
    reason: text(v, 'Reason'),
    location: text(v, 'Location'),
  };
}
