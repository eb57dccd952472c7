/**
 * What text extraction needs from a font: how many bytes make a character code, the code's
 * Unicode text (ToUnicode CMap; without one, Latin-1 for simple fonts) and its advance width.
 * Only bfchar/bfrange of ToUnicode are read, and ranges are looked up, never expanded, so a
 * hostile CMap costs at most its own length.
 */
import { rethrowBudget } from './budget.ts';
import type { PdfDocument } from './document.ts';
import type { PdfDict } from './objects.ts';
import { isName, isNumber, isStream } from './objects.ts';

/** A font as text extraction sees it. */
export interface TextFont {
  readonly bytesPerCode: 1 | 2;
  /** Unicode text of a code ('' when unknown). */
  text(code: number): string;
  /** Advance in thousandths of the font size. */
  width(code: number): number;
}

interface Range { lo: number; hi: number; dst: string | string[] }

const MAX_CMAP_ENTRIES = 100_000;

function utf16(hex: string): string {
  const b = Buffer.from(hex.length % 2 === 1 ? `${hex}0` : hex, 'hex');
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b.readUInt16BE(i));
  return s;
}

function bump(s: string, by: number): string {
  return s.length === 0 ? s : s.slice(0, -1) + String.fromCharCode(s.charCodeAt(s.length - 1) + by);
}

/** The bfchar and bfrange entries of a ToUnicode CMap. */
export function parseToUnicode(text: string): (code: number) => string | undefined {
  const chars = new Map<number, string>();
  const ranges: Range[] = [];
  let n = 0;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      if (++n > MAX_CMAP_ENTRIES) break;
      chars.set(parseInt(m[1]!, 16), utf16(m[2]!));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]*)>|\[([^\]]*)\])/g)) {
      if (++n > MAX_CMAP_ENTRIES) break;
      const dst = m[3] !== undefined ? utf16(m[3]) : [...m[4]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => utf16(x[1]!));
      ranges.push({ lo: parseInt(m[1]!, 16), hi: parseInt(m[2]!, 16), dst });
    }
  }
  return (code) => {
    const c = chars.get(code);
    if (c !== undefined) return c;
    for (const r of ranges) {
      if (code < r.lo || code > r.hi) continue;
      return typeof r.dst === 'string' ? bump(r.dst, code - r.lo) : r.dst[code - r.lo];
    }
    return undefined;
  };
}

function toUnicodeOf(doc: PdfDocument, font: PdfDict): ((code: number) => string | undefined) | undefined {
  const s = doc.resolve(font.entries.get('ToUnicode'));
  if (!isStream(s)) return undefined;
  try {
    return parseToUnicode(Buffer.from(doc.decode(s)).toString('latin1'));
  } catch (e) {
    rethrowBudget(e);
    return undefined;
  }
}

/** /W of a CIDFont: `c [w1 w2 …]` and `cFirst cLast w` runs. */
function cidWidths(doc: PdfDocument, w: unknown): Map<number, number> {
  const out = new Map<number, number>();
  const a = doc.resolve(w as never);
  if (!Array.isArray(a)) return out;
  for (let i = 0; i < a.length && out.size < MAX_CMAP_ENTRIES;) {
    const first = a[i];
    const next = doc.resolve(a[i + 1]);
    if (!isNumber(first)) break;
    if (Array.isArray(next)) {
      next.forEach((x, k) => { if (isNumber(x)) out.set(first + k, x); });
      i += 2;
    } else {
      const last = next;
      const width = a[i + 2];
      if (!isNumber(last) || !isNumber(width) || last - first > MAX_CMAP_ENTRIES) break;
      for (let c = first; c <= last; c++) out.set(c, width);
      i += 3;
    }
  }
  return out;
}

/** The font dictionary as a {@link TextFont}. */
export function textFont(doc: PdfDocument, font: PdfDict): TextFont {
  const toUnicode = toUnicodeOf(doc, font);
  if (isName(font.entries.get('Subtype'), 'Type0')) {
    const kids = doc.resolve(font.entries.get('DescendantFonts'));
    const cid = Array.isArray(kids) ? doc.resolveDict(kids[0]) : undefined;
    const dw = doc.resolve(cid?.entries.get('DW'));
    const widths = cidWidths(doc, cid?.entries.get('W'));
    return {
      bytesPerCode: 2,
      text: (code) => toUnicode?.(code) ?? '',
      width: (code) => widths.get(code) ?? (isNumber(dw) ? dw : 1000),
    };
  }
  const firstChar = doc.resolve(font.entries.get('FirstChar'));
  const widths = doc.resolve(font.entries.get('Widths'));
  const first = isNumber(firstChar) ? firstChar : 0;
  return {
    bytesPerCode: 1,
    text: (code) => toUnicode?.(code) ?? String.fromCharCode(code),
    width: (code) => {
      const w = Array.isArray(widths) ? doc.resolve(widths[code - first]) : undefined;
      return isNumber(w) ? w : 500;
    },
  };
}
