// Verify the seals of an OFD file (验章, GB/T 33190 with GB/T 38540 signed values).
// Steps: trust material (as for PDFs) → verifyOfd: References check values, each SignedValue.dat
// as an SES_Signature over Signature.xml, chains to the anchors at the signing time → for seals
// of this registry, their status at the signing time → one verdict per signature and for the
// file. Seals of foreign makers rest on their own chains and CRLs.
import { isCryptoError } from '../../crypto/errors.ts';
import type { OfdSignatureResult } from '../../crypto/ofd/verify-ofd.ts';
import type { Indication } from '../../crypto/ses/index.ts';
import { AppError } from '../../domain/errors.ts';
import { inspectHere } from './inspection-tasks.ts';
import { registryCheck } from './seal-registry-check.ts';
import type { RegistryCheck } from './seal-registry-check.ts';
import { verificationTrust } from './verification-trust.ts';
import { documentErrorCode, worstOf } from './verify-sealed-pdf.ts';
import type { SealSubIndication, VerifySealDeps } from './verify-sealed-pdf.ts';

export interface SealedOfdReport {
  indication: Indication;
  subIndication?: SealSubIndication;
  signatures: { ofd: OfdSignatureResult; registry: RegistryCheck; indication: Indication; subIndication?: SealSubIndication }[];
  /** Package files no signature protects. */
  notCovered: readonly string[];
  /** Lower-case hex SM3 of the whole file. */
  documentSm3: string;
}

export async function verifySealedOfd(deps: VerifySealDeps, ofd: Uint8Array): Promise<SealedOfdReport> {
  const trust = await verificationTrust(deps);
  const now = deps.clock.now();
  let result;
  try {
    result = await (deps.inspector ?? inspectHere).run('sealedOfd', { bytes: ofd, trust, at: now, maxBytes: deps.settings.maxPdfBytes });
  } catch (e) {
    if (isCryptoError(e)) throw new AppError(documentErrorCode(e.code), e.message, { cause: e, details: { reason: e.code } });
    throw e;
  }
  const signatures = [];
  for (const s of result.signatures) {
    const registry = await registryCheck(deps.seals, s.ses, deps.settings.divisionCode, now);
    const reg = registry.status === 'failed'
      ? { indication: 'TOTAL_FAILED' as const, subIndication: registry.subIndication }
      : registry.status === 'indeterminate' ? { indication: 'INDETERMINATE' as const, subIndication: registry.subIndication } : { indication: 'TOTAL_PASSED' as const };
    signatures.push({ ofd: s, registry, ...worstOf([{ indication: s.indication, subIndication: s.subIndication }, reg]) });
  }
  const documentSm3 = result.documentSm3;
  if (signatures.length === 0) return { indication: result.indication, ...(result.subIndication ? { subIndication: result.subIndication } : {}), signatures, notCovered: result.notCovered, documentSm3 };
  return { ...worstOf(signatures), signatures, notCovered: result.notCovered, documentSm3 };
}
