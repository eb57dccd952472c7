// A page of an OFD file as the stamping page shows it, in the same shape as a PDF page's preview
// (PDF points from the lower left), so one page script places seals on both kinds: the page's
// size and its text runs from Content.xml (Boundary, CTM, X/Y and DeltaX, see ofd/ofd-text.ts).
// The desk turns the place back into millimetres from the top-left corner for the stamp.
import { CryptoError } from '../../crypto/errors.ts';
import { openZip } from '../../crypto/ofd/zip-reader.ts';
import { pageSize, pageText, readOfdDocument } from '../../ofd/ofd-pages.ts';
import { fromPdfError } from './pdf-errors.ts';

const PT_PER_MM = 72 / 25.4;
const MAX_RUNS = 3000;
const round = (v: number) => Math.round(v * 10) / 10;

/** The preview-page.ts shape, points from the page's lower left. */
export interface OfdPagePreview {
  kind: 'ofd';
  page: number;
  pageCount: number;
  mediaBox: [number, number, number, number];
  text: { text: string; x: number; y: number; size: number }[];
}

export function previewOfdPage(input: { ofd: Uint8Array; page: number }, maxBytes: number): OfdPagePreview {
  try {
    const zip = openZip(input.ofd, { maxArchiveBytes: maxBytes });
    const read = (p: string) => zip.read(p);
    const doc = readOfdDocument(read);
    const page = doc.pages[input.page - 1];
    if (page === undefined) throw new CryptoError('ERR_OFD_PAGE_RANGE', `OFD: the document has no page ${input.page}`);
    const { width, height } = pageSize(read, page);
    const text = pageText(read, page).filter((r) => r.text.trim() !== '' && r.xs.length > 0).slice(0, MAX_RUNS)
      .map((r) => ({ text: r.text, x: round(r.xs[0]! * PT_PER_MM), y: round((height - r.ys[0]!) * PT_PER_MM), size: round(r.size * PT_PER_MM) }));
    return { kind: 'ofd', page: input.page, pageCount: doc.pages.length, mediaBox: [0, 0, round(width * PT_PER_MM), round(height * PT_PER_MM)], text };
  } catch (e) {
    throw fromPdfError(e);
  }
}
