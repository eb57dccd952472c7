// Verify an uploaded detached GB/T 38540 SES_Signature, as stored beside each licence (signature.ses).
// Steps: parse it and read propertyInfo (`licence:<identifier>`; any other signature protects
// data we do not have: ERR_SES_NOT_A_LICENCE; not a signature at all: ERR_SES_INVALID) → find that licence (none: NOT_FOUND) → check the
// uploaded signature over the register's content (verifyDetachedSes: seal maker, signer, chain
// to the anchors, the seal's status at the signing time, dataHash) → the licence's status and
// dates → record and sign. Fails closed like every licence path.
import { decodeAnySignature, signatureParts } from '../../crypto/ses/any-signature.ts';
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { cannotConfirm, checkRow } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck } from '../../domain/verdict.ts';
import type { LicenceReads } from '../../ports/licence-checks.ts';
import { verifyDetachedSes } from '../seals/verify-detached-ses.ts';
import { finishVerification } from './finish-verification.ts';
import { sesFacts } from './seal-facts.ts';
import { sealRows } from './seal-rows.ts';
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

function licenceIdentifierOf(der: Uint8Array): string {
  let propertyInfo: string | undefined;
  try {
    propertyInfo = signatureParts(decodeAnySignature(der)).propertyInfo;
  } catch (e) {
    throw new AppError('ERR_SES_INVALID', 'not an SES signature', { cause: e, details: { reason: 'ERR_SES_MALFORMED' } });
  }
  const m = /^licence:(1\.2\.156\.3005\.2\.[0-9A-Z.]+)$/.exec(propertyInfo ?? '');
  if (m === null) throw new AppError('ERR_SES_NOT_A_LICENCE', 'a detached signature can be checked only for a registered licence', { details: { reason: 'not_a_licence_signature' } });
  return m[1] as string;
}

async function uploadedSignatureRows(deps: VerificationDeps, record: LicenceRecord, reads: LicenceReads, der: Uint8Array): Promise<VerdictCheck[]> {
  const { content } = await reads.blobs(record.id, false);
  if (content === null) return [checkRow('integrity', 'CHECK_UNAVAILABLE')];
  const report = await verifyDetachedSes({ ...deps.seals, seals: reads.seals }, { signature: der, data: content, trust: await reads.trust() });
  return sealRows(report, sesFacts(report.ses), { registry: report.registry });
}

export async function verifyLicenceSignature(deps: VerificationDeps, der: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const identifier = licenceIdentifierOf(der);
  const found = await lookUpLicence(deps, () => deps.licences.store.findByIdentifier(identifier));
  let verdict: Verdict;
  if ('verdict' in found) {
    verdict = found.verdict;
  } else {
    let rows: VerdictCheck[] | null;
    let reads: LicenceReads | undefined;
    try {
      reads = (await deps.checks.forRecord(found.record)).reads;
      rows = await uploadedSignatureRows(deps, found.record, reads, der);
    } catch (e) {
      deps.onFailure?.('detached signature check failed', e);
      rows = null;
    }
    verdict = rows === null || reads === undefined ? cannotConfirm(deps.clock.now(), { kind: 'licence', identifier })
      : await verdictFor(deps, { record: found.record, reads }, { checkStoredSignature: false, extra: rows, legalBasis: ctx.legalBasis ?? null });
  }
  return finishVerification(deps, verdict, 'ses', ctx);
}
