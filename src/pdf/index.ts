/**
 * PDF signing and verification with SM2/SM3, pure Buffer → Buffer:
 *
 * - {@link stampPdfWith}: visible seal + a signature container as an incremental update, by
 *   default in the service a GB/T 38540 SES_Signature ({@link sesContainer}, /SubFilter
 *   {@link SES_SUB_FILTER}); {@link stampPdf}: the same with a detached CMS signature; or the
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
export { findKeyword } from './find-text.ts';
export type { KeywordPosition } from './find-text.ts';
export { PdfError, isPdfError } from './errors.ts';
export type { PdfErrorCode } from './errors.ts';
export { DEFAULT_CONTENTS_SIZE, prepareSignature } from './prepare.ts';
export type { CrossPagePlacement, PrepareOptions, PreparedPdf, SignatureSubFilter } from './prepare.ts';
export { SES_SUB_FILTER, pdfPropertyInfo, sesContainer } from './ses-container.ts';
export type { SesContainerOptions, SignatureContainer, SignedSpan } from './ses-container.ts';
export { verifySesContainer } from './ses-verify.ts';
export { cmsContainer, stampPdf, stampPdfWith } from './stamp.ts';
export type { CmsContainerOptions, ContainerStampOptions, ContainerStampResult, StampOptions, StampResult } from './stamp.ts';
export { verifyPdfSignatures } from './verify.ts';
export type { CheckState, Indication, PdfSignatureResult, SubIndication, VerifyPdfOptions } from './verify.ts';
