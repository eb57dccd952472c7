// A page of a PDF (or OFD file: preview-ofd-page.ts) as the stamping page shows it before sealing: its size and its text laid out,
// so a clerk can see where the seal will go and click the place. Nothing is stored or signed.
// Steps: the input is a PDF within the size limit → the page exists → its MediaBox → its glyphs,
// joined into runs along one baseline → at most MAX_RUNS runs (a preview, not a rendering).
import { UPLOAD_PDF_LIMITS } from '../../pdf/budget.ts';
import { PdfDocument } from '../../pdf/document.ts';
import { pageGlyphs } from '../../pdf/page-text.ts';
import { findPage } from '../../pdf/pages.ts';
import { isOfdPackage } from '../../ofd/stamp-ofd.ts';
import { previewOfdPage } from './preview-ofd-page.ts';
import { invalid } from './seal-deps.ts';
import { fromPdfError } from './pdf-errors.ts';

export interface TextRun {
  text: string;
  /** Baseline start in PDF points from the page's lower left, and the font size. */
  x: number;
  y: number;
  size: number;
}

export interface PagePreview {
  kind: 'pdf' | 'ofd';
  page: number;
  pageCount: number;
  /** [x1, y1, x2, y2] in PDF points. */
  mediaBox: [number, number, number, number];
  text: TextRun[];
}

const MAX_RUNS = 3000;
const round = (v: number) => Math.round(v * 10) / 10;

export function previewPage(input: { pdf: Uint8Array; page: number }, maxBytes: number): PagePreview {
  if (!(input.pdf instanceof Uint8Array) || input.pdf.length === 0) invalid('pdf', 'a PDF is required');
  if (!Number.isInteger(input.page) || input.page < 1) invalid('page', 'must be a page number from 1');
  if (isOfdPackage(input.pdf)) return previewOfdPage({ ofd: input.pdf, page: input.page }, maxBytes);
  try {
    const doc = PdfDocument.load(input.pdf, { maxBytes, limits: UPLOAD_PDF_LIMITS });
    const loc = findPage(doc, input.page);
    const runs: TextRun[] = [];
    let last: { run: TextRun; end: number } | undefined;
    for (const g of pageGlyphs(doc, input.page)) {
      const size = Math.max(1, g.yTop - g.y0);
      if (last && Math.abs(last.run.y - g.y0) < 0.5 && Math.abs(last.end - g.x0) < size * 0.6) {
        last.run.text += g.text;
        last.end = g.x1;
        continue;
      }
      if (runs.length >= MAX_RUNS) break;
      const run = { text: g.text, x: round(g.x0), y: round(g.y0), size: round(size) };
      runs.push(run);
      last = { run, end: g.x1 };
    }
    return { kind: 'pdf', page: input.page, pageCount: loc.pageCount, mediaBox: [...loc.mediaBox], text: runs.filter((r) => r.text.trim() !== '') };
  } catch (e) {
    throw fromPdfError(e);
  }
}
