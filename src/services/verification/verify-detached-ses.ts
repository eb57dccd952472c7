// Verify a detached GB/T 38540 SES_Signature, as stored beside each licence (signature.ses).
// Steps: parse it and read propertyInfo (`licence:<identifier>`; any other signature protects
// data we do not have: ERR_DOCUMENT_INVALID) → find that licence (none: NOT_FOUND) → check the
// uploaded signature over the register's content: seal maker, signer, chain to the anchors,
// the seal's status at the signing time, dataHash → the licence's status and dates → record
// and sign. Fails closed like every licence path.
import { decodeAnySignature, signatureParts } from '../../crypto/ses/any-signature.ts';
import { AppError } from '../../domain/errors.ts';
import { cannotConfirm, checkRow } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck } from '../../domain/verdict.ts';
import { licenceBlobKeys } from '../licences/licence-deps.ts';
import { registryCheck } from '../seals/seal-registry-check.ts';
import { verificationTrust } from '../seals/verification-trust.ts';
import { finishVerification } from './finish-verification.ts';
import { sealRows } from './seal-rows.ts';
import { sesResults } from './ses-result-cache.ts';
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

function licenceIdentifierOf(der: Uint8Array): string {
  let propertyInfo: string | undefined;
  try {
    propertyInfo = signatureParts(decodeAnySignature(der)).propertyInfo;
  } catch (e) {
    throw new AppError('ERR_DOCUMENT_INVALID', 'not an SES signature', { cause: e, details: { reason: 'ERR_SES_MALFORMED' } });
  }
  const m = /^licence:(1\.2\.156\.3005\.2\.[0-9A-Z.]+)$/.exec(propertyInfo ?? '');
  if (m === null) throw new AppError('ERR_DOCUMENT_INVALID', 'a detached signature can be checked only for a registered licence', { details: { reason: 'not_a_licence_signature' } });
  return m[1] as string;
}

async function uploadedSignatureRows(deps: VerificationDeps, licenceId: string, der: Uint8Array): Promise<VerdictCheck[]> {
  const now = deps.clock.now();
  const content = await deps.licences.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licenceId).content));
  if (content === null) return [checkRow('integrity', 'CHECK_UNAVAILABLE')];
  const trust = await verificationTrust(deps.seals);
  const ses = sesResults.verify({ signature: der, data: content.bytes, trust, at: now });
  const registry = await registryCheck(deps.seals.seals, ses, deps.seals.settings.divisionCode, now);
  const reg = registry.status === 'failed' ? { indication: 'TOTAL_FAILED' as const, subIndication: registry.subIndication }
    : registry.status === 'indeterminate' ? { indication: 'INDETERMINATE' as const, subIndication: registry.subIndication } : null;
  return sealRows(reg !== null && ses.indication === 'TOTAL_PASSED' ? reg : ses, { registry });
}

export async function verifyDetachedSes(deps: VerificationDeps, der: Uint8Array, ctx: VerificationContext): Promise<VerificationOutcome> {
  const identifier = licenceIdentifierOf(der);
  const found = await lookUpLicence(deps, () => deps.licences.store.findByIdentifier(identifier));
  let verdict: Verdict;
  if ('verdict' in found) {
    verdict = found.verdict;
  } else {
    let rows: VerdictCheck[] | null;
    try {
      rows = await uploadedSignatureRows(deps, found.record.id, der);
    } catch (e) {
      deps.onFailure?.('detached signature check failed', e);
      rows = null;
    }
    verdict = rows === null ? cannotConfirm(deps.clock.now(), { kind: 'licence', identifier }) : await verdictFor(deps, found.record, { checkStoredSignature: false, extra: rows, legalBasis: ctx.legalBasis ?? null });
  }
  return finishVerification(deps, verdict, 'ses', ctx);
}
