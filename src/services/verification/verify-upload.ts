// Verify an uploaded file of any accepted kind.
// Steps: tell the kind from the first bytes (`PK\3\4` an OFD package, `%PDF-` a PDF, a DER
// SEQUENCE an SES signature, else `%PDF-` within the first kilobyte, which PDF readers accept
// after junk; anything else ERR_FILE_KIND_UNKNOWN) → the PDF, OFD (a licence's or any sealed
// document) or detached-signature verification → record and sign (inside each). A file of a kind
// that cannot be read is answered for its kind (ERR_DOCUMENT_INVALID a PDF, ERR_OFD_INVALID an
// OFD, ERR_SES_INVALID a signature), so that nobody is told an OFD is a broken PDF.
import { AppError, isAppError } from '../../domain/errors.ts';
import { verifyLicenceSignature } from './verify-licence-signature.ts';
import { verifyPdfUpload } from './verify-licence-pdf.ts';
import { verifyOfdUpload as verifyOfd } from './verify-licence-ofd.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

export type UploadKind = 'pdf' | 'ofd' | 'ses';

const startsWith = (bytes: Uint8Array, magic: string): boolean => Buffer.from(bytes.subarray(0, magic.length)).toString('latin1') === magic;

/** The kind of file by its first bytes, or null. Magic numbers at the start decide first. */
export function sniffUpload(bytes: Uint8Array): UploadKind | null {
  if (startsWith(bytes, 'PK\x03\x04')) return 'ofd';
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (bytes[0] === 0x30 && bytes.length > 16) return 'ses';
  if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) return 'pdf';
  return null;
}

async function verifyOfdUpload(deps: VerificationDeps, bytes: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  try {
    return await verifyOfd(deps, bytes, ctx);
  } catch (e) {
    if (isAppError(e, 'ERR_DOCUMENT_INVALID')) throw new AppError('ERR_OFD_INVALID', 'not a readable OFD package', { cause: e, details: e.details });
    throw e;
  }
}

export async function verifyUpload(deps: VerificationDeps, bytes: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const kind = sniffUpload(bytes);
  if (kind === null) throw new AppError('ERR_FILE_KIND_UNKNOWN', 'not a PDF, OFD or SES file', { details: { reason: 'unknown_file_kind' } });
  if (kind === 'pdf') return verifyPdfUpload(deps, bytes, ctx);
  if (kind === 'ses') return verifyLicenceSignature(deps, bytes, ctx);
  return verifyOfdUpload(deps, bytes, ctx);
}
