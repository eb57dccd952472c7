/**
 * What a signature's byte range covers: the whole file, or an earlier revision followed by
 * incremental updates. For the latter, every object the later updates add or change is compared
 * with the signed revision, and the updates count as "signatures only" when they do no more than
 * a further signing does: add signature dictionaries, signature fields and widgets (also a
 * signature field's widget kids, one per page of a cross-page seal), their
 * appearance XObjects, append to /Annots and /Fields, and set /AcroForm and /SigFlags.
 * Anything else (page content, other annotations, deleted objects) is "other".
 */
import { rethrowBudget } from './budget.ts';
import { PdfDocument } from './document.ts';
import type { PdfDict, PdfObject } from './objects.ts';
import { dictOf, isDict, isName, isRef, isStream, sameDictExcept, sameObject } from './objects.ts';
import { isWhite } from './parse-object.ts';

/** Byte-range coverage of one signature. */
export interface Coverage {
  /** `whole-file` when the ranges reach the end of the file. */
  readonly kind: 'whole-file' | 'revision';
  /** Bytes from the start of the file to the end of the second range. */
  readonly signedLength: number;
  readonly fileLength: number;
  /** What was appended after the signed revision. */
  readonly laterChanges: 'none' | 'signatures-only' | 'other';
  /** Why later changes count as `other`, for the report. */
  readonly details: readonly string[];
}

const MAX_REPORTED = 10;

/** Analyses the coverage of a signature whose ranges end at `signedLength` in `doc`. */
export function analyseCoverage(doc: PdfDocument, signedLength: number): Coverage {
  const fileLength = doc.bytes.length;
  if (signedLength >= fileLength) return { kind: 'whole-file', signedLength, fileLength, laterChanges: 'none', details: [] };
  const other = (details: string[]): Coverage => ({ kind: 'revision', signedLength, fileLength, laterChanges: 'other', details });
  if (!endsWithEof(doc.bytes, signedLength)) return other(['the signed bytes do not end with a complete revision']);
  if (!endsWithEof(doc.bytes, fileLength) || doc.startxref < signedLength) {
    return other(['bytes were appended that are not an incremental update']);
  }
  let old: PdfDocument;
  try {
    // The signed revision is read on the file's own budget: many signatures cannot multiply it.
    old = PdfDocument.load(doc.bytes.subarray(0, signedLength), { maxBytes: Infinity, budget: doc.budget });
  } catch (e) {
    rethrowBudget(e);
    return other([`the signed revision cannot be read: ${(e as Error).message}`]);
  }
  const later = doc.sections.filter((s) => s.offset >= signedLength);
  if (!doc.sections.some((s) => s.offset === old.startxref) || later.length + old.sections.length !== doc.sections.length) {
    return other(['later cross-reference sections do not continue the signed revision']);
  }
  const changed = new Set<number>();
  const details: string[] = [];
  for (const s of later) {
    for (const [num, e] of s.entries) {
      if (e.type !== 'free') changed.add(num);
      else if (old.entry(num) !== undefined && old.entry(num)?.type !== 'free' && doc.entry(num)?.type === 'free') details.push(`object ${num} deleted`);
    }
  }
  const kids = newSignatureKids(changed, old, doc);
  for (const num of changed) {
    if (details.length >= MAX_REPORTED) break;
    let why: string | undefined;
    try {
      why = judge(old.object(num), doc.object(num), old, doc, kids.has(num));
    } catch (e) {
      rethrowBudget(e);
      why = `unreadable: ${(e as Error).message}`;
    }
    if (why !== undefined) details.push(`object ${num}: ${why}`);
  }
  if (details.length > 0) return other(details);
  return { kind: 'revision', signedLength, fileLength, laterChanges: 'signatures-only', details: [] };
}

function endsWithEof(bytes: Uint8Array, length: number): boolean {
  let end = length;
  while (end > 0 && isWhite(bytes[end - 1])) end--;
  return end >= 5 && Buffer.from(bytes.subarray(end - 5, end)).toString('latin1') === '%%EOF';
}

function typeOf(d: PdfDict | undefined): string | undefined {
  const t = d?.entries.get('Type');
  return isName(t) ? t.name : undefined;
}

/** Undefined when the change is one a further signature makes; otherwise why not. */
function judge(before: PdfObject | undefined, after: PdfObject | undefined, old: PdfDocument, doc: PdfDocument, signatureKid: boolean): string | undefined {
  if (before !== undefined && sameObject(before, after)) return undefined;
  if (before === undefined) return judgeNew(after, signatureKid);
  if (Array.isArray(before) && Array.isArray(after)) {
    return isPrefix(before, after) ? undefined : 'array changed other than by appending';
  }
  if (!isDict(before) || !isDict(after)) return 'object changed';
  const type = typeOf(before);
  if (type === 'Catalog') return sameDictExcept(before, after, new Set(['AcroForm'])) ? undefined : 'catalog changed';
  if (type === 'Page') {
    if (!sameDictExcept(before, after, new Set(['Annots']))) return 'page changed';
    return grows(old.resolve(before.entries.get('Annots')), doc.resolve(after.entries.get('Annots'))) ? undefined : 'annotations removed';
  }
  if (before.entries.has('Fields')) {
    if (!sameDictExcept(before, after, new Set(['Fields', 'SigFlags']))) return 'form changed';
    return grows(old.resolve(before.entries.get('Fields')), doc.resolve(after.entries.get('Fields'))) ? undefined : 'form fields removed';
  }
  if (isName(before.entries.get('FT'), 'Sig') && !before.entries.has('V')) {
    return sameDictExcept(before, after, new Set(['V', 'AP'])) ? undefined : 'signature field changed';
  }
  return 'object changed';
}

/**
 * Objects listed in the /Kids of signature fields that the later updates add: the widgets of a
 * cross-page seal, which carry no /Parent (see prepare.ts) and so are known only from there.
 */
function newSignatureKids(changed: Set<number>, old: PdfDocument, doc: PdfDocument): Set<number> {
  const out = new Set<number>();
  for (const num of changed) {
    if (old.object(num) !== undefined) continue;
    let d: PdfDict | undefined;
    try {
      d = dictOf(doc.object(num));
    } catch (e) {
      rethrowBudget(e);
      continue; // judged (and reported) as unreadable below
    }
    if (d === undefined || !isName(d.entries.get('FT'), 'Sig')) continue;
    const kids = doc.resolve(d.entries.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) if (isRef(k) && old.object(k.num) === undefined) out.add(k.num);
  }
  return out;
}

function judgeNew(after: PdfObject | undefined, signatureKid: boolean): string | undefined {
  const d = dictOf(after);
  if (d === undefined) return Array.isArray(after) ? undefined : 'new object of an unexpected kind';
  const type = typeOf(d);
  if (type === 'Sig' || type === 'DocTimeStamp') return undefined;
  if (isName(d.entries.get('FT'), 'Sig')) return undefined;
  // A widget of a signature field added in the same later updates (a cross-page seal shows its
  // one signature on every page); only new fields count, since a new widget under an already
  // signed field would change how that signature looks.
  if (signatureKid && isName(d.entries.get('Subtype'), 'Widget')) return undefined;
  if (isStream(after)) {
    const sub = d.entries.get('Subtype');
    if (type === 'ObjStm' || type === 'XRef' || isName(sub, 'Form') || isName(sub, 'Image')) return undefined;
    return 'new stream of an unexpected kind';
  }
  if (d.entries.has('Fields') && type === undefined) return undefined;
  return `new ${type ?? 'dictionary'} object`;
}

function isPrefix(a: PdfObject[], b: PdfObject[]): boolean {
  return a.length <= b.length && a.every((x, i) => sameObject(x, b[i]));
}

function grows(before: PdfObject | undefined, after: PdfObject | undefined): boolean {
  const a = Array.isArray(before) ? before : [];
  if (!Array.isArray(after)) return a.length === 0;
  return a.every((x) => isRef(x) ? after.some((y) => sameObject(x, y)) : false);
}
