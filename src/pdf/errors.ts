/**
 * Errors of the PDF layer. They are {@link CryptoError}s so that callers that already branch on
 * crypto error codes handle PDF failures the same way; the codes below are stable.
 */
import { CryptoError } from '../crypto/errors.ts';

/** Stable codes for PDF failures. */
export type PdfErrorCode =
  | 'ERR_PDF_NOT_PDF'            // no %PDF- header
  | 'ERR_PDF_MALFORMED'          // broken syntax, damaged or missing xref, bad object references
  | 'ERR_PDF_ENCRYPTED'          // the trailer names an /Encrypt dictionary
  | 'ERR_PDF_TOO_LARGE'          // input above the configured size limit
  | 'ERR_PDF_BUDGET'             // reading it would cost more than a document may (budget.ts)
  | 'ERR_PDF_PAGE_RANGE'         // page number outside the document
  | 'ERR_PDF_RECT_RANGE'         // seal rectangle empty, not finite or outside the page's MediaBox
  | 'ERR_PDF_TOO_FEW_PAGES'      // a cross-page seal on a document of fewer than two pages
  | 'ERR_PDF_KEYWORD_NOT_FOUND'  // the keyword that places the seal is not in the page text
  | 'ERR_PDF_BAD_IMAGE'          // seal image is not a PNG we can embed
  | 'ERR_PDF_BAD_OPTIONS'        // missing or ill-typed option
  | 'ERR_PDF_BYTE_RANGE'         // a /ByteRange that does not describe the file
  | 'ERR_PDF_CONTENTS_TOO_SMALL' // the CMS does not fit the /Contents placeholder
  | 'ERR_PDF_SIGNING'            // the signer failed or returned something unusable
  | 'ERR_PDF_CMS_MALFORMED';     // a CMS SignedData we cannot read

/** A failure in `pdf/`; `code` is one of {@link PdfErrorCode}. */
export class PdfError extends CryptoError {
  declare readonly code: PdfErrorCode;

  constructor(code: PdfErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PdfError';
  }
}

/** True when `e` is a PdfError, optionally with the given code. */
export function isPdfError(e: unknown, code?: PdfErrorCode): e is PdfError {
  return e instanceof PdfError && (code === undefined || e.code === code);
}

/** Throws ERR_PDF_MALFORMED. */
export function malformedPdf(message: string): never {
  throw new PdfError('ERR_PDF_MALFORMED', message);
}
