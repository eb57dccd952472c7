// Verify an uploaded OFD: a sealed licence OFD, or any other sealed OFD.
// Steps: the seal service's OFD verification (check values of the protected files, SES
// signatures, chain to the trust anchors, seal status at the signing time) → the licence
// identifier in the document's custom data, taken only when the seal's check value of OFD.xml
// matches; none: the verdict on a sealed document → find that licence (none: NOT_FOUND) → the sealed
// Signature.xml must be the register's copy byte for byte (it holds the check value of every
// protected file, so a genuine seal over other files is not this licence) → the licence's stored
// SES signature, status, validity and disclosed fields from the register → record and sign.
// Fails closed: anything unreadable gives CANNOT_CONFIRM.
import { licenceBlobKeys, OFD_IDENTIFIER_NAME } from '../../domain/licence.ts';
import { cannotConfirm, checkRow } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck } from '../../domain/verdict.ts';
import { readOfdPackage } from '../../ofd/read-ofd.ts';
import { finishVerification } from './finish-verification.ts';
import { documentRows, sealReport, verifySealedDocument } from './verify-sealed-document.ts';
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

/** The licence identifier the document names, or null (not a licence, or unreadable). */
function identifierOf(ofd: Uint8Array): string | null {
  try {
    const id = readOfdPackage(ofd).customData.get(OFD_IDENTIFIER_NAME);
    return id !== undefined && /^1\.2\.156\.[0-9A-Z.]{10,120}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

async function registerCopyRow(deps: VerificationDeps, licenceId: string, ofd: Uint8Array, signatureXmlPath: string): Promise<VerdictCheck> {
  const stored = await deps.licences.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licenceId).ofd));
  if (stored === null) return checkRow('integrity', 'CHECK_UNAVAILABLE');
  const ours = readOfdPackage(stored.bytes).file(signatureXmlPath);
  const theirs = readOfdPackage(ofd).file(signatureXmlPath);
  if (ours === undefined || theirs === undefined) return checkRow('integrity', 'INTEGRITY_NOT_REGISTER_COPY');
  return checkRow('integrity', Buffer.from(ours).equals(Buffer.from(theirs)) ? 'INTEGRITY_OK' : 'INTEGRITY_NOT_REGISTER_COPY');
}

export async function verifyOfdUpload(deps: VerificationDeps, ofd: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const checkedAt = deps.clock.now();
  const report = await sealReport(deps, 'ofd', ofd);
  if (report === null || report.kind !== 'ofd') return finishVerification(deps, cannotConfirm(checkedAt), 'ofd', ctx);
  const first = report.report.signatures[0];
  const intact = first?.ofd.references.some((r) => r.path === 'OFD.xml' && r.status === 'match') === true;
  const identifier = intact ? identifierOf(ofd) : null;
  if (identifier === null || first === undefined) return finishVerification(deps, await verifySealedDocument(deps, 'ofd', ofd, report), 'ofd', ctx);

  const found = await lookUpLicence(deps, () => deps.licences.store.findByIdentifier(identifier));
  let verdict: Verdict;
  if ('verdict' in found && found.verdict.result === 'NOT_FOUND') {
    verdict = { ...found.verdict, checks: [...documentRows(report, checkedAt).checks, ...found.verdict.checks] };
  } else if ('verdict' in found) {
    verdict = found.verdict;
  } else {
    let copy: VerdictCheck;
    try {
      copy = await registerCopyRow(deps, found.record.id, ofd, first.ofd.signatureXmlPath);
    } catch (e) {
      deps.onFailure?.('register copy unreadable', e);
      copy = checkRow('integrity', 'CHECK_UNAVAILABLE');
    }
    verdict = await verdictFor(deps, found, { checkStoredSignature: true, extra: [...documentRows(report, checkedAt).checks, copy], legalBasis: ctx.legalBasis ?? null });
  }
  return finishVerification(deps, verdict, 'ofd', ctx);
}
