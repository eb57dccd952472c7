/**
 * Writing the CMS into the /Contents placeholder of a prepared PDF. Only the bytes between the
 * hex string's delimiters change, so the byte ranges (and their digest) stay as they were.
 */
import { checkByteRange } from './byte-range.ts';
import type { ByteRange } from './byte-range.ts';
import { PdfError } from './errors.ts';

/**
 * Writes `cms` as upper-case hex into the gap `[a, b)` of `byteRange`, padding with zeros.
 * Modifies `pdf` in place (a prepared PDF is ours to fill; copying a large file again would
 * cost as much as hashing it) and returns it. Throws ERR_PDF_BYTE_RANGE when the gap is not a
 * hex string placeholder and ERR_PDF_CONTENTS_TOO_SMALL when `cms` does not fit.
 */
export function embedSignature(pdf: Buffer, byteRange: ByteRange, cms: Uint8Array): Buffer {
  checkByteRange(byteRange, pdf.length);
  const [, a, b] = byteRange;
  if (pdf[a] !== 0x3c || pdf[b - 1] !== 0x3e) throw new PdfError('ERR_PDF_BYTE_RANGE', 'the /ByteRange gap is not a hex string');
  const room = b - a - 2;
  const hex = Buffer.from(Buffer.from(cms).toString('hex').toUpperCase(), 'latin1');
  if (hex.length > room) {
    throw new PdfError('ERR_PDF_CONTENTS_TOO_SMALL', `the signature needs ${hex.length / 2} bytes; the placeholder holds ${Math.floor(room / 2)}`);
  }
  hex.copy(pdf, a + 1);
  pdf.fill(0x30, a + 1 + hex.length, b - 1);
  return pdf;
}
