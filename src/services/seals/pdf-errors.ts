// The PDF and OFD layers' errors as the seal service's: stamping and the page preview both read
// an uploaded document and answer its faults with the same codes.
import { isCryptoError } from '../../crypto/errors.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';

/** PDF-layer failures as the service's codes: the document's fault, the placement's, or ours. */
export function fromPdfError(e: unknown): unknown {
  if (!isCryptoError(e)) return e;
  const to = (code: ErrorCode) => new AppError(code, e.message, { cause: e, details: { reason: e.code } });
  switch (e.code) {
    case 'ERR_PDF_NOT_PDF': case 'ERR_PDF_MALFORMED': case 'ERR_PDF_ENCRYPTED': return to('ERR_DOCUMENT_INVALID');
    case 'ERR_PDF_TOO_LARGE': return to('ERR_PAYLOAD_TOO_LARGE');
    case 'ERR_PDF_BUDGET': return to('ERR_DOCUMENT_TOO_COMPLEX');
    case 'ERR_PDF_PAGE_RANGE': case 'ERR_PDF_RECT_RANGE': return to('ERR_PLACEMENT_INVALID');
    case 'ERR_PDF_KEYWORD_NOT_FOUND': return to('ERR_KEYWORD_NOT_FOUND');
    case 'ERR_PDF_TOO_FEW_PAGES': return to('ERR_CROSS_PAGE_TOO_FEW_PAGES');
    case 'ERR_PDF_BAD_OPTIONS': return to('ERR_VALIDATION');
    case 'ERR_OFD_MALFORMED': return to('ERR_OFD_INVALID');
    case 'ERR_OFD_TOO_LARGE': return to('ERR_DOCUMENT_TOO_COMPLEX');
    case 'ERR_OFD_PAGE_RANGE': case 'ERR_OFD_RECT_RANGE': return to('ERR_PLACEMENT_INVALID');
    case 'ERR_OFD_KEYWORD_NOT_FOUND': return to('ERR_KEYWORD_NOT_FOUND');
    case 'ERR_OFD_TOO_FEW_PAGES': return to('ERR_CROSS_PAGE_TOO_FEW_PAGES');
    default: return to('ERR_INTERNAL');
  }
}
