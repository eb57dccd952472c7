// Verify an uploaded file of any accepted kind.
// Steps: tell the kind from the first bytes (`%PDF-` a PDF, `PK` an OFD package, a DER SEQUENCE
// an SES signature; anything else ERR_DOCUMENT_INVALID) → the PDF, OFD (each a licence's or any
// sealed document) or detached-signature verification → record and sign (inside each).
import { AppError } from '../../domain/errors.ts';
import { verifyLicenceSignature } from './verify-licence-signature.ts';
import { verifyPdfUpload } from './verify-licence-pdf.ts';
import { verifyOfdUpload } from './verify-licence-ofd.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

export type UploadKind = 'pdf' | 'ofd' | 'ses';

/** The kind of file by its first bytes, or null. */
export function sniffUpload(bytes: Uint8Array): UploadKind | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'ofd';
  if (bytes[0] === 0x30 && bytes.length > 16) return 'ses';
  return null;
}

export async function verifyUpload(deps: VerificationDeps, bytes: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const kind = sniffUpload(bytes);
  if (kind === null) throw new AppError('ERR_DOCUMENT_INVALID', 'not a PDF, OFD or SES file', { details: { reason: 'unknown_file_kind' } });
  if (kind === 'pdf') return verifyPdfUpload(deps, bytes, ctx);
  if (kind === 'ses') return verifyLicenceSignature(deps, bytes, ctx);
  return verifyOfdUpload(deps, bytes, ctx);
}
