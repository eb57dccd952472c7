// Verify the seals on a PDF (验章).
// Steps: trust material (anchors from the caller, the seal-maker CA and its latest CRL) → every
// PDF signature: byte range, digest, signature and chain of its container (verifyPdfSignatures)
// → the GB/T 38540 SES_Signature, the container itself (/SubFilter GB.T38540.SES) or carried in
// the CMS as an unsigned attribute: seal maker's signature and chain, seal validity,
// signer listed in the seal, signature over TBS_Sign, dataHash = SM3 of the signed byte ranges
// → the seal's status at the signing time from the registry → one verdict per signature, the
// worst of the three, with coverage (whether the file changed after signing) beside it → for the
// file, the worst of them, and failed when anything but further signatures follows a signed
// revision. Reading and checking the file (the steps without I/O) run on the deps' inspector.
import { isCryptoError } from '../../crypto/errors.ts';
import type { SesVerificationResult, SubIndication as SesSubIndication } from '../../crypto/ses/index.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import type { Indication, PdfSignatureResult, SubIndication as PdfSubIndication } from '../../pdf/verify.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { SealCrlStore, SealStore } from '../../ports/seal-store.ts';
import type { SesVerifier } from '../../ports/ses-verifier.ts';
import { inspectHere } from './inspection-tasks.ts';
import type { DocumentInspector, SealedPdfInspection } from './inspection-tasks.ts';
import { registryCheck } from './seal-registry-check.ts';
import type { RegistryCheck } from './seal-registry-check.ts';
import type { SealSettings } from './seal-deps.ts';
import { verificationTrust } from './verification-trust.ts';

export type SealSubIndication = PdfSubIndication | SesSubIndication;

export interface VerifySealDeps {
  seals: Pick<SealStore, 'findByCode' | 'events'>;
  crls: SealCrlStore;
  vault: KeyVault;
  clock: Clock;
  settings: Pick<SealSettings, 'divisionCode' | 'maxPdfBytes'>;
  /** The trusted roots: the pinned platform root and any configured foreign seal makers' roots. */
  anchors: () => Uint8Array[] | Promise<Uint8Array[]>;
  /** Where reading and checking the file runs; without one, on the calling thread. */
  inspector?: DocumentInspector;
  /** How a detached SES_Signature is checked (verify-detached-ses.ts); without one, directly. */
  ses?: SesVerifier;
}

export interface SealedSignatureReport {
  fieldName: string;
  indication: Indication;
  subIndication?: SealSubIndication;
  /** True when bytes after the signed revision do more than add further signatures. */
  modifiedAfterSigning: boolean;
  pdf: PdfSignatureResult;
  /** The SES signature (the container, or inside the CMS), or null for a plain CMS signature. */
  ses: SesVerificationResult | null;
  registry: RegistryCheck;
}

export interface SealedPdfReport {
  indication: Indication;
  subIndication?: SealSubIndication;
  signatures: SealedSignatureReport[];
  /** Lower-case hex SM3 of the whole file. */
  documentSm3: string;
}

const RANK: readonly Indication[] = ['TOTAL_FAILED', 'INDETERMINATE', 'TOTAL_PASSED'];

/** The worst of several verdicts; among equals the first keeps its sub-indication. */
export function worstOf(verdicts: { indication: Indication; subIndication?: SealSubIndication | undefined }[]): { indication: Indication; subIndication?: SealSubIndication } {
  let worst: { indication: Indication; subIndication?: SealSubIndication | undefined } = { indication: 'TOTAL_PASSED' };
  for (const v of verdicts) if (RANK.indexOf(v.indication) < RANK.indexOf(worst.indication)) worst = v;
  return worst.subIndication === undefined ? { indication: worst.indication } : { indication: worst.indication, subIndication: worst.subIndication };
}

export function registryVerdict(r: RegistryCheck): { indication: Indication; subIndication?: SealSubIndication } {
  if (r.status === 'failed') return { indication: 'TOTAL_FAILED', subIndication: r.subIndication ?? 'SIG_CONSTRAINTS_FAILURE' };
  if (r.status === 'indeterminate') return { indication: 'INDETERMINATE', subIndication: r.subIndication ?? 'TRY_LATER' };
  return { indication: 'TOTAL_PASSED' };
}

export async function verifySealedPdf(deps: VerifySealDeps, pdf: Uint8Array): Promise<SealedPdfReport> {
  const trust = await verificationTrust(deps);
  const now = deps.clock.now();
  let inspection: SealedPdfInspection;
  try {
    inspection = await (deps.inspector ?? inspectHere).run('sealedPdf', { bytes: pdf, trust, at: now, maxBytes: deps.settings.maxPdfBytes });
  } catch (e) {
    if (isCryptoError(e)) throw new AppError(documentErrorCode(e.code), e.message, { cause: e, details: { reason: e.code } });
    throw e;
  }
  const signatures: SealedSignatureReport[] = [];
  for (const { pdf: r, ses } of inspection.signatures) {
    const registry = await registryCheck(deps.seals, ses ?? undefined, deps.settings.divisionCode, now);
    const verdict = worstOf([
      { indication: r.indication, subIndication: r.subIndication },
      ...(ses === null ? [] : [{ indication: ses.indication, subIndication: ses.subIndication }]),
      registryVerdict(registry),
    ]);
    signatures.push({ fieldName: r.fieldName, ...verdict, modifiedAfterSigning: r.modifiedAfterSigning, pdf: r, ses, registry });
  }
  const documentSm3 = inspection.documentSm3;
  if (signatures.length === 0) return { indication: 'INDETERMINATE', subIndication: 'FORMAT_FAILURE', signatures, documentSm3 };
  // Each signature keeps the ETSI verdict on the revision it signed; the file as presented is not
  // what was signed when anything but further signatures came after (junk appended included).
  const changed = signatures.some((s) => s.modifiedAfterSigning) ? [{ indication: 'TOTAL_FAILED' as const, subIndication: 'HASH_FAILURE' as const }] : [];
  return { ...worstOf([...signatures, ...changed]), signatures, documentSm3 };
}

/** The application error for a PDF (or OFD) that cannot be read. */
export function documentErrorCode(code: string): ErrorCode {
  if (code === 'ERR_PDF_TOO_LARGE' || code === 'ERR_OFD_TOO_LARGE') return 'ERR_PAYLOAD_TOO_LARGE';
  if (code === 'ERR_PDF_BUDGET') return 'ERR_DOCUMENT_TOO_COMPLEX';
  return 'ERR_DOCUMENT_INVALID';
}
