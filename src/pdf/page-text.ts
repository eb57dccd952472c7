/**
 * The text on a page, glyph by glyph with its position, for placing a seal on a keyword.
 *
 * A small reader of our own rather than a full PDF renderer: pdfjs-dist is not a dependency and
 * pdf-lib does not extract text, and placement needs only where shown strings are: BT/ET, the
 * text state (Tf, Tc, Tw, Tz, TL), positioning (Td, TD, Tm, T*), showing (Tj, TJ, ', ") and
 * the graphics state (q, Q, cm), with fonts read through ToUnicode (fonts.ts). Text inside form
 * XObjects and Type3 glyph procedures is not read. Work is bounded by the operator and glyph
 * limits below; a syntax error ends the page's text where it occurs rather than failing.
 */
import type { PdfDocument } from './document.ts';
import { rethrowBudget } from './budget.ts';
import { textFont } from './fonts.ts';
import type { TextFont } from './fonts.ts';
import type { PdfDict, PdfObject } from './objects.ts';
import { isName, isNumber, isStream, isString } from './objects.ts';
import { findPage } from './pages.ts';
import { PdfLexer } from './parse-object.ts';

/** One shown character code: its text and its box corners in the page's user space. */
export interface Glyph {
  readonly text: string;
  /** Origin, end of the advance, and top-left (origin + font size upwards in text space). */
  readonly x0: number; readonly y0: number;
  readonly x1: number; readonly y1: number;
  readonly xTop: number; readonly yTop: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const MAX_OPERATORS = 2_000_000;
const MAX_GLYPHS = 500_000;

function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

const apply = (m: Matrix, x: number, y: number): [number, number] => [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];

function inheritedResources(doc: PdfDocument, page: PdfDict): PdfDict | undefined {
  let node: PdfDict | undefined = page;
  for (let i = 0; node !== undefined && i < 64; i++) {
    const r = doc.resolveDict(node.entries.get('Resources'));
    if (r !== undefined) return r;
    node = doc.resolveDict(node.entries.get('Parent'));
  }
  return undefined;
}

function contentBytes(doc: PdfDocument, page: PdfDict): Uint8Array {
  const c = doc.resolve(page.entries.get('Contents'));
  const parts = (Array.isArray(c) ? c.map((x) => doc.resolve(x)) : [c]).filter(isStream);
  return Buffer.concat(parts.flatMap((s) => [doc.decode(s), Buffer.from('\n')]));
}

/** Skips an inline image's data: from after `ID` to the `EI` that ends it. */
function skipInlineImage(lx: PdfLexer): void {
  const b = lx.buf;
  let i = lx.pos;
  while (i < b.length && !(b[i] === 0x49 && b[i + 1] === 0x44 && (b[i + 2] === 0x20 || b[i + 2] === 0x0a || b[i + 2] === 0x0d))) i++;
  for (i += 3; i < b.length; i++) {
    if (b[i] === 0x45 && b[i + 1] === 0x49 && (i + 2 >= b.length || b[i + 2]! <= 0x20) && b[i - 1]! <= 0x20) break;
  }
  lx.pos = Math.min(b.length, i + 2);
}

/** The glyphs of 1-based `pageNumber`, in content order. Throws ERR_PDF_PAGE_RANGE. */
export function pageGlyphs(doc: PdfDocument, pageNumber: number): Glyph[] {
  const loc = findPage(doc, pageNumber);
  const page = doc.resolveDict(loc.ref)!;
  const fontsDict = doc.resolveDict(inheritedResources(doc, page)?.entries.get('Font'));
  const fonts = new Map<string, TextFont>();
  const fontNamed = (n: string): TextFont | undefined => {
    if (!fonts.has(n)) {
      const d = doc.resolveDict(fontsDict?.entries.get(n));
      if (d !== undefined) fonts.set(n, textFont(doc, d));
    }
    return fonts.get(n);
  };

  const glyphs: Glyph[] = [];
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  let font: TextFont | undefined;
  let size = 0, tc = 0, tw = 0, th = 1, tl = 0;

  const nextLine = (tx: number, ty: number) => { tlm = mul([1, 0, 0, 1, tx, ty], tlm); tm = tlm; };
  const show = (bytes: Uint8Array) => {
    if (font === undefined) return;
    const n = font.bytesPerCode;
    for (let i = 0; i + n <= bytes.length && glyphs.length < MAX_GLYPHS; i += n) {
      const code = n === 1 ? bytes[i]! : (bytes[i]! << 8) | bytes[i + 1]!;
      const m = mul(tm, ctm);
      const advance = ((font.width(code) / 1000) * size + tc + (n === 1 && code === 32 ? tw : 0)) * th;
      const [x0, y0] = apply(m, 0, 0);
      const [x1, y1] = apply(m, advance, 0);
      const [xTop, yTop] = apply(m, 0, size);
      doc.budget.chargeWork(1);
      glyphs.push({ text: font.text(code), x0, y0, x1, y1, xTop, yTop });
      tm = mul([1, 0, 0, 1, advance, 0], tm);
    }
  };

  const lx = new PdfLexer(contentBytes(doc, page), 0, false, undefined, doc.budget);
  const operands: PdfObject[] = [];
  const num = (i: number) => { const v = operands[operands.length - i]; return isNumber(v) ? v : 0; };
  try {
    for (let ops = 0; ops < MAX_OPERATORS && glyphs.length < MAX_GLYPHS; ops++) {
      doc.budget.chargeWork(1);
      lx.skipSpace();
      const c = lx.buf[lx.pos];
      if (c === undefined) break;
      if (c === 0x2f || c === 0x28 || c === 0x3c || c === 0x5b || c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39)) {
        operands.push(lx.object());
        if (operands.length > 64) operands.shift();
        continue;
      }
      const op = lx.token();
      if (op === '') { lx.pos++; continue; }
      if (op === 'true' || op === 'false' || op === 'null') { operands.push(null); continue; }
      switch (op) {
        case 'q': stack.push(ctm); break;
        case 'Q': ctm = stack.pop() ?? ctm; break;
        case 'cm': ctm = mul([num(6), num(5), num(4), num(3), num(2), num(1)], ctm); break;
        case 'BT': tm = IDENTITY; tlm = IDENTITY; break;
        case 'Tf': { const f = operands[operands.length - 2]; font = isName(f) ? fontNamed(f.name) : undefined; size = num(1); break; }
        case 'Tc': tc = num(1); break;
        case 'Tw': tw = num(1); break;
        case 'Tz': th = num(1) / 100; break;
        case 'TL': tl = num(1); break;
        case 'Td': nextLine(num(2), num(1)); break;
        case 'TD': tl = -num(1); nextLine(num(2), num(1)); break;
        case 'Tm': tlm = [num(6), num(5), num(4), num(3), num(2), num(1)]; tm = tlm; break;
        case 'T*': nextLine(0, -tl); break;
        case "'": case '"': {
          if (op === '"') { tw = num(3); tc = num(2); }
          nextLine(0, -tl);
          const s = operands[operands.length - 1];
          if (isString(s)) show(s.bytes);
          break;
        }
        case 'Tj': { const s = operands[operands.length - 1]; if (isString(s)) show(s.bytes); break; }
        case 'TJ': {
          const a = operands[operands.length - 1];
          if (!Array.isArray(a)) break;
          for (const item of a) {
            if (isString(item)) show(item.bytes);
            else if (isNumber(item)) tm = mul([1, 0, 0, 1, (-item / 1000) * size * th, 0], tm);
          }
          break;
        }
        case 'BI': skipInlineImage(lx); break;
        default: break;
      }
      operands.length = 0;
    }
  } catch (e) {
    rethrowBudget(e);
    // A syntax error ends this page's text here; what was read stays usable.
  }
  return glyphs;
}
