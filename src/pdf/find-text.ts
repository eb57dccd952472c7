/**
 * Where a keyword (such as 盖章处 or an organisation's name) is shown on a page, for centring a
 * seal on it. White space is ignored on both sides, since producers often place characters one
 * by one without space glyphs. The first occurrence in content order wins.
 */
import { PdfDocument } from './document.ts';
import { PdfError } from './errors.ts';
import { pageGlyphs } from './page-text.ts';
import type { Glyph } from './page-text.ts';
import { findPage } from './pages.ts';

/** Where the keyword was found: its page, its box and the box's centre, in PDF points. */
export interface KeywordPosition {
  readonly page: number;
  readonly box: readonly [number, number, number, number];
  readonly x: number;
  readonly y: number;
  /** The page's MediaBox, to keep a seal centred there inside the page. */
  readonly mediaBox: readonly [number, number, number, number];
}

const MAX_KEYWORD = 100;

function locate(glyphs: Glyph[], keyword: string): Glyph[] | undefined {
  let text = '';
  const owner: number[] = [];
  glyphs.forEach((g, i) => {
    for (const ch of g.text.replace(/\s+/gu, '')) {
      text += ch;
      for (let k = 0; k < ch.length; k++) owner.push(i);
    }
  });
  const at = text.indexOf(keyword);
  if (at < 0) return undefined;
  return glyphs.slice(owner[at]!, owner[at + keyword.length - 1]! + 1);
}

function boxOf(glyphs: Glyph[]): [number, number, number, number] {
  const xs = glyphs.flatMap((g) => [g.x0, g.x1, g.xTop, g.xTop + (g.x1 - g.x0)]);
  const ys = glyphs.flatMap((g) => [g.y0, g.y1, g.yTop, g.yTop + (g.y1 - g.y0)]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * Finds `keyword` on `opts.page`, or on the first page that shows it. Throws
 * ERR_PDF_KEYWORD_NOT_FOUND when no page does, ERR_PDF_BAD_OPTIONS for an empty or long
 * keyword, and the reading errors of {@link PdfDocument.load}.
 */
export function findKeyword(pdf: Uint8Array, keyword: string, opts: { page?: number; maxBytes?: number } = {}): KeywordPosition {
  const needle = typeof keyword === 'string' ? keyword.replace(/\s+/gu, '') : '';
  if (needle.length === 0 || needle.length > MAX_KEYWORD) throw new PdfError('ERR_PDF_BAD_OPTIONS', `the keyword must have 1 to ${MAX_KEYWORD} characters`);
  const doc = PdfDocument.load(pdf, { maxBytes: opts.maxBytes });
  const pages = opts.page === undefined ? Array.from({ length: findPage(doc, 1).pageCount }, (_, i) => i + 1) : [opts.page];
  for (const page of pages) {
    const found = locate(pageGlyphs(doc, page), needle);
    if (found === undefined) continue;
    const box = boxOf(found);
    return { page, box, x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2, mediaBox: findPage(doc, page).mediaBox };
  }
  throw new PdfError('ERR_PDF_KEYWORD_NOT_FOUND', opts.page === undefined ? `"${keyword}" does not occur in the text of the document` : `"${keyword}" does not occur in the text of page ${opts.page}`);
}
