/**
 * Cross-reference sections (ISO 32000-1 §7.5.4–7.5.8): classic tables, cross-reference streams
 * and hybrid files. Each incremental update appends one section whose /Prev points at the one
 * before, so the chain of sections is also the list of the file's revisions.
 */
import type { PdfBudget } from './budget.ts';
import { malformedPdf } from './errors.ts';
import { decodeStream } from './filters.ts';
import type { PdfDict } from './objects.ts';
import { isDict, isName, isNumber, isStream } from './objects.ts';
import { PdfLexer, latin1, lastIndexOfAscii, readIndirectObject } from './parse-object.ts';

/** Where an object lives, per one cross-reference section. */
export type XrefEntry =
  | { readonly type: 'free' }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

/** One cross-reference section with its trailer. */
export interface XrefSection {
  /** Offset of `xref` or of the cross-reference stream object. */
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** The trailer dictionary (for a stream: the stream's dictionary). */
  readonly trailer: PdfDict;
}

const MAX_SECTIONS = 4096;
const MAX_OBJECT_NUMBER = 8_388_607; // the implementation limit of ISO 32000-1 Annex C

/**
 * The offset named by the last `startxref` that ends at or before `end`. The keyword must sit in
 * the final kilobytes before `end`, followed by the offset and `%%EOF`.
 */
export function findStartXref(buf: Uint8Array, end: number = buf.length): number {
  const at = lastIndexOfAscii(buf, 'startxref', end);
  if (at < 0 || end - at > 4096) malformedPdf('no startxref near the end of the file');
  const lx = new PdfLexer(buf, at + 9, true);
  const offset = lx.integer('startxref');
  if (offset >= buf.length) malformedPdf('startxref points outside the file');
  return offset;
}

/** Reads the cross-reference section at `offset` (table or stream), charging `budget`. */
export function readXrefSection(buf: Uint8Array, offset: number, budget: PdfBudget): XrefSection {
  budget.chargeSection();
  const lx = new PdfLexer(buf, offset, true, undefined, budget);
  lx.skipSpace();
  if (latin1(buf, lx.pos, lx.pos + 4) === 'xref') {
    if (lx.pos !== offset) malformedPdf('xref offset does not point at the keyword');
    return readTable(buf, lx, budget);
  }
  return readStream(buf, offset, budget);
}

function readTable(buf: Uint8Array, lx: PdfLexer, budget: PdfBudget): XrefSection {
  const offset = lx.pos;
  lx.pos += 4;
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const save = lx.pos;
    const t = lx.token();
    if (t === 'trailer') break;
    lx.pos = save;
    const first = lx.integer('xref subsection start');
    const count = lx.integer('xref subsection count');
    if (first + count > MAX_OBJECT_NUMBER || count * 18 > buf.length - lx.pos) malformedPdf('xref subsection too large');
    budget.chargeEntries(count);
    for (let i = 0; i < count; i++) {
      const off = lx.integer('xref entry offset');
      const gen = lx.integer('xref entry generation');
      const kind = lx.token();
      if (kind !== 'n' && kind !== 'f') malformedPdf('bad xref entry type');
      if (!entries.has(first + i)) entries.set(first + i, kind === 'n' ? { type: 'offset', offset: off, gen } : { type: 'free' });
    }
  }
  const trailer = lx.object();
  if (!isDict(trailer)) malformedPdf('trailer is not a dictionary');
  return { offset, kind: 'table', entries, trailer };
}

function readStream(buf: Uint8Array, offset: number, budget: PdfBudget): XrefSection {
  const obj = readIndirectObject(buf, offset, undefined, budget);
  const s = obj.value;
  if (!isStream(s) || !isName(s.dict.entries.get('Type'), 'XRef')) malformedPdf('startxref does not point at a cross-reference section');
  const d = s.dict.entries;
  const size = d.get('Size');
  const w = d.get('W');
  if (!isNumber(size) || !Number.isInteger(size) || size < 0 || size > MAX_OBJECT_NUMBER) malformedPdf('bad xref stream /Size');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((x) => isNumber(x) && Number.isInteger(x) && x >= 0 && x <= 8)) {
    malformedPdf('bad xref stream /W');
  }
  const [w1, w2, w3] = w as [number, number, number];
  const index = d.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => isNumber(x) && Number.isInteger(x) && x >= 0)) {
    malformedPdf('bad xref stream /Index');
  }
  // Charged before inflating: /Index says how many entries the data must hold.
  let entryCount = 0;
  for (let k = 1; k < index.length; k += 2) entryCount += index[k] as number;
  budget.chargeEntries(entryCount);
  const data = decodeStream(s, budget);
  const width = w1 + w2 + w3;
  if (width === 0) malformedPdf('bad xref stream /W');
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (let k = 0; k < index.length; k += 2) {
    const first = index[k] as number;
    const count = index[k + 1] as number;
    if (first + count > MAX_OBJECT_NUMBER || pos + count * width > data.length) malformedPdf('xref stream shorter than its /Index');
    for (let i = 0; i < count; i++) {
      const type = w1 === 0 ? 1 : field(data, pos, w1);
      const f2 = field(data, pos + w1, w2);
      const f3 = field(data, pos + w1 + w2, w3);
      pos += width;
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 0) entries.set(num, { type: 'free' });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f2, gen: f3 });
      else if (type === 2) entries.set(num, { type: 'compressed', stream: f2, index: f3 });
      // Other types are reserved and, per §7.5.8.3, read as references to the null object.
    }
  }
  return { offset, kind: 'stream', entries, trailer: s.dict };
}

function field(data: Uint8Array, pos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + data[pos + i]!;
  return v;
}

/**
 * The chain of sections from `startxref` back through /Prev, newest first. A hybrid file's
 * /XRefStm entries are merged into the table that names them (the table's own entries win).
 */
export function readXrefChain(buf: Uint8Array, startxref: number, budget: PdfBudget): XrefSection[] {
  const out: XrefSection[] = [];
  const seen = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (seen.has(next)) malformedPdf('cross-reference sections form a loop');
    if (out.length >= MAX_SECTIONS) malformedPdf('too many cross-reference sections');
    seen.add(next);
    let section = readXrefSection(buf, next, budget);
    const stm = section.trailer.entries.get('XRefStm');
    if (section.kind === 'table' && isNumber(stm)) {
      const extra = readXrefSection(buf, stm, budget);
      const merged = new Map(extra.entries);
      for (const [k, v] of section.entries) merged.set(k, v);
      section = { ...section, entries: merged };
    }
    out.push(section);
    const prev = section.trailer.entries.get('Prev');
    if (prev === undefined) next = undefined;
    else if (isNumber(prev) && Number.isInteger(prev) && prev >= 0 && prev < buf.length) next = prev;
    else malformedPdf('bad /Prev in trailer');
  }
  return out;
}
