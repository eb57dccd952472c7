// Verify a sealed PDF or OFD that is not a registered licence (contracts, certificates…)
// through the seal verifiers.
// Steps: the seal service's PDF or OFD verification (chains to the trust anchors, SES data,
// the registry's seal status at the signing time) → one set of integrity/signature/issuer rows
// per seal, the file's SM3 and the seals found → the verdict (a file without seals: NOT_FOUND).
// A file that cannot be read is ERR_DOCUMENT_INVALID, ERR_PAYLOAD_TOO_LARGE or
// ERR_DOCUMENT_TOO_COMPLEX for the caller, no free reader ERR_BUSY; anything else that fails
// gives CANNOT_CONFIRM.
import { sm3 } from '../../crypto/sm3.ts';
import { isAppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { cannotConfirm, checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck, VerdictSubject } from '../../domain/verdict.ts';
import { verifySealedOfd } from '../seals/verify-sealed-ofd.ts';
import type { SealedOfdReport } from '../seals/verify-sealed-ofd.ts';
import type { SealedPdfReport } from '../seals/verify-sealed-pdf.ts';
import { verifySealedPdf } from '../seals/verify-sealed-pdf.ts';
import { ofdFacts, pdfFacts } from './seal-facts.ts';
import { sealRows } from './seal-rows.ts';
import type { VerificationDeps } from './verification-deps.ts';

export type SealReport = { kind: 'pdf'; report: SealedPdfReport } | { kind: 'ofd'; report: SealedOfdReport };

/** What the caller hears as it is: the file cannot be read, or no thread is free to read it. */
const FILE_ERRORS: ReadonlySet<ErrorCode> = new Set(['ERR_DOCUMENT_INVALID', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_DOCUMENT_TOO_COMPLEX', 'ERR_BUSY']);

/** Runs the seal verifier; null when it could not finish for reasons other than the file itself. */
export async function sealReport(deps: VerificationDeps, kind: 'pdf' | 'ofd', bytes: Uint8Array): Promise<SealReport | null> {
  try {
    return kind === 'pdf' ? { kind, report: await verifySealedPdf(deps.seals, bytes) } : { kind, report: await verifySealedOfd(deps.seals, bytes) };
  } catch (e) {
    if (isAppError(e) && FILE_ERRORS.has(e.code)) throw e;
    deps.onFailure?.('seal verification failed', e);
    return null;
  }
}

/** The checks and seals of a report; `now` is when the certificates' current validity was judged. */
export function documentRows(r: SealReport, now: Date): { checks: VerdictCheck[]; seals: NonNullable<VerdictSubject['seals']> } {
  if (r.kind === 'pdf') {
    return {
      checks: r.report.signatures.flatMap((s) => sealRows(s, pdfFacts(s.pdf, s.ses, now), { modifiedAfterSigning: s.modifiedAfterSigning, registry: s.registry })),
      seals: r.report.signatures.map((s) => ({ name: s.ses?.seal?.name ?? s.pdf.name ?? null, code: s.ses?.seal?.esID ?? null, signedAt: (s.ses?.signingTime ?? s.pdf.signingTime)?.toISOString() ?? null })),
    };
  }
  return {
    checks: r.report.signatures.flatMap((s) => sealRows(s, ofdFacts(s.ofd), {
      registry: s.registry, changedFiles: s.ofd.references.filter((f) => f.status !== 'match').map((f) => f.path),
    })),
    seals: r.report.signatures.map((s) => ({ name: s.ofd.ses?.seal?.name ?? null, code: s.ofd.ses?.seal?.esID ?? null, signedAt: s.ofd.ses?.signingTime?.toISOString() ?? null })),
  };
}

/** The verdict on a sealed file that is not a registered licence. */
export async function verifySealedDocument(deps: VerificationDeps, kind: 'pdf' | 'ofd', bytes: Uint8Array, known?: SealReport | null): Promise<Verdict> {
  const checkedAt = deps.clock.now();
  const r = known === undefined ? await sealReport(deps, kind, bytes) : known;
  // Hashed with the rest of the reading (off the service thread); only a failed reading hashes here.
  const documentSm3 = r?.report.documentSm3 ?? Buffer.from(sm3(bytes)).toString('hex');
  if (r === null) return cannotConfirm(checkedAt, { kind: 'document', documentSm3 });
  const { checks, seals } = documentRows(r, checkedAt);
  const all = checks.length === 0 ? [checkRow('signature', 'SIGNATURE_MISSING')] : checks;
  return makeVerdict({
    checks: [...all, checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE')],
    subject: { kind: 'document', documentSm3, seals }, checkedAt, statusAsOf: deps.clock.now(),
  });
}
