// Verify an uploaded PDF: a sealed licence PDF, or any other sealed PDF.
// Steps: the seal service's PDF verification (byte ranges, CMS and SES signatures, chain to the
// trust anchors, seal status at the signing time) → the licence identifier named by the signed
// signature reason; none: the verdict on a sealed document → find that licence (none: another
// platform's licence named in an imported trust list, verify-foreign-licence.ts; else NOT_FOUND) → the signed revision must be the register's copy byte for byte (a genuine seal on other
// bytes is not this licence) → the licence's stored SES signature with the seal's registry status
// at the signing time (the PDF's CMS signature carries no seal data of its own) → the licence's
// status, validity and disclosed fields from the register → record and sign. Fails closed: anything unreadable gives CANNOT_CONFIRM.
import { identifierInReason } from '../../domain/licence-identifier.ts';
import { licenceBlobKeys } from '../../domain/licence.ts';
import { cannotConfirm, checkRow } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck } from '../../domain/verdict.ts';
import type { SealedSignatureReport } from '../seals/verify-sealed-pdf.ts';
import { finishVerification } from './finish-verification.ts';
import { verifyForeignLicencePdf } from './verify-foreign-licence.ts';
import { documentRows, sealReport, verifySealedDocument } from './verify-sealed-document.ts';
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

async function registerCopyRow(deps: VerificationDeps, licenceId: string, pdf: Uint8Array, sig: SealedSignatureReport): Promise<VerdictCheck> {
  const br = sig.pdf.byteRange;
  if (br === undefined) return checkRow('integrity', 'CHECK_UNAVAILABLE');
  const stored = await deps.licences.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licenceId).pdf));
  if (stored === null) return checkRow('integrity', 'CHECK_UNAVAILABLE');
  const signedRevision = Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(pdf.length, br[2] + br[3]));
  return checkRow('integrity', signedRevision.equals(Buffer.from(stored.bytes)) ? 'INTEGRITY_OK' : 'INTEGRITY_NOT_REGISTER_COPY');
}

export async function verifyPdfUpload(deps: VerificationDeps, pdf: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const checkedAt = deps.clock.now();
  const report = await sealReport(deps, 'pdf', pdf);
  if (report === null || report.kind !== 'pdf') return finishVerification(deps, cannotConfirm(checkedAt), 'pdf', ctx);
  const licenceSig = report.report.signatures.find((s) => identifierInReason(s.pdf.reason) !== null);
  if (licenceSig === undefined) return finishVerification(deps, await verifySealedDocument(deps, 'pdf', pdf, report), 'pdf', ctx);

  const identifier = identifierInReason(licenceSig.pdf.reason) as string;
  const found = await lookUpLicence(deps, () => deps.licences.store.findByIdentifier(identifier));
  let verdict: Verdict;
  if ('verdict' in found && found.verdict.result === 'NOT_FOUND') {
    let foreign: Verdict | null = null;
    try {
      foreign = deps.foreignLists === undefined ? null : await verifyForeignLicencePdf(deps.foreignLists, identifier, pdf, checkedAt);
    } catch (e) {
      deps.onFailure?.('imported trust lists unreadable', e);
      foreign = cannotConfirm(checkedAt);
    }
    verdict = foreign ?? { ...found.verdict, checks: [...documentRows(report, checkedAt).checks, ...found.verdict.checks] };
  } else if ('verdict' in found) {
    verdict = found.verdict;
  } else {
    let copy: VerdictCheck;
    try {
      copy = await registerCopyRow(deps, found.record.id, pdf, licenceSig);
    } catch (e) {
      deps.onFailure?.('register copy unreadable', e);
      copy = checkRow('integrity', 'CHECK_UNAVAILABLE');
    }
    verdict = await verdictFor(deps, found, { checkStoredSignature: true, extra: [...documentRows(report, checkedAt).checks, copy], legalBasis: ctx.legalBasis ?? null });
  }
  return finishVerification(deps, verdict, 'pdf', ctx);
}
