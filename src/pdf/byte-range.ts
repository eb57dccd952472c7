/**
 * The /ByteRange of a signature: [0, a, b, c] signs bytes [0, a) and [b, b + c), leaving out
 * exactly the hex /Contents string in [a, b).
 */
import { createSm3 } from '../crypto/sm3.ts';
import { PdfError } from './errors.ts';

/** Offsets and lengths `[start1, length1, start2, length2]`. */
export type ByteRange = readonly [number, number, number, number];

/**
 * Throws ERR_PDF_BYTE_RANGE unless `br` is [0, a, b, c] with 0 < a < b and b + c ≤ `fileLength`.
 */
export function checkByteRange(br: readonly unknown[], fileLength: number): asserts br is ByteRange {
  if (!Array.isArray(br) || br.length !== 4 || !br.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new PdfError('ERR_PDF_BYTE_RANGE', '/ByteRange must be four non-negative integers');
  }
  const [s1, l1, s2, l2] = br as unknown as ByteRange;
  if (s1 !== 0 || l1 <= 0 || s2 <= l1 || s2 + l2 > fileLength) {
    throw new PdfError('ERR_PDF_BYTE_RANGE', `/ByteRange [${br.join(' ')}] does not fit a file of ${fileLength} bytes`);
  }
}

/**
 * SM3 over the two ranges of `pdf`, fed in place (no copy of the file is made).
 * Throws ERR_PDF_BYTE_RANGE for a range that does not fit.
 */
export function byteRangeDigest(pdf: Uint8Array, byteRange: ByteRange): Uint8Array {
  checkByteRange(byteRange, pdf.length);
  const [s1, l1, s2, l2] = byteRange;
  return createSm3().update(pdf.subarray(s1, s1 + l1)).update(pdf.subarray(s2, s2 + l2)).digest();
}
