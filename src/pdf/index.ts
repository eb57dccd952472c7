/**
 * PDF signing and verification with SM2/SM3, pure Buffer → Buffer:
 *
 * - {@link stampPdf}: visible seal + detached CMS signature as an incremental update; or the
 *   steps one by one: {@link prepareSignature} → {@link byteRangeDigest} → {@link buildSignedData}
 *   → {@link embedSignature}.
 * - {@link verifyPdfSignatures}: every signature with an ETSI-style indication, its checks and
 *   its byte-range coverage.
 *
 * Failures are {@link PdfError}s (CryptoErrors) with stable `ERR_PDF_*` codes.
 */
export { byteRangeDigest, checkByteRange } from './byte-range.ts';
export type { ByteRange } from './byte-range.ts';
export { buildSignedData } from './cms-build.ts';
export type { BuiltSignedData, CmsAttribute, SignedDataOptions } from './cms-build.ts';
export { parseSignedData } from './cms-parse.ts';
export type { SignedData, SignerInfo } from './cms-parse.ts';
export { verifySignedData } from './cms-verify.ts';
export type { CmsCheck } from './cms-verify.ts';
export type { Coverage } from './coverage.ts';
export { DEFAULT_MAX_PDF_BYTES } from './document.ts';
export { embedSignature } from './embed.ts';
export { PdfError, isPdfError } from './errors.ts';
export type { PdfErrorCode } from './errors.ts';
export { DEFAULT_CONTENTS_SIZE, prepareSignature } from './prepare.ts';
export type { PrepareOptions, PreparedPdf, SignatureSubFilter } from './prepare.ts';
export { stampPdf } from './stamp.ts';
export type { StampOptions, StampResult } from './stamp.ts';
export { verifyPdfSignatures } from './verify.ts';
export type { CheckState, Indication, PdfSignatureResult, SubIndication, VerifyPdfOptions } from './verify.ts';
