// What the verification use cases work with, and who asked.
import type { Signer } from '../../crypto/signer.ts';
import type { ImportedTrustLists } from '../../ports/imported-trust-lists.ts';
import type { LicenceChecks } from '../../ports/licence-checks.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { Clock } from '../../ports/clock.ts';
import type { LicenceDeps } from '../licences/licence-deps.ts';
import type { Verdict } from '../../domain/verdict.ts';
import type { VerificationReceipt } from '../../domain/verification-receipt.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { VerifySealDeps } from '../seals/verify-sealed-pdf.ts';

export interface VerificationDeps {
  /** The register: store, templates and holder shares. */
  licences: LicenceDeps;
  /** Seal registry, CRLs, the vault and the trust anchors, as seal verification takes them. */
  seals: VerifySealDeps;
  vault: KeyVault;
  audit: AuditLog;
  clock: Clock;
  /** Public origin for links to a licence's current version (no trailing slash). */
  publicUrl: string;
  /** The receipt signer (see receipt-key.ts), made once and shared by every request. */
  receiptSigner: () => Promise<Signer>;
  /** Secret salt for the client-IP hash kept in the audit trail (no raw IP of a public verifier is kept). */
  ipSalt: string;
  /** Other platforms' trust lists imported here, for licences this register does not hold. */
  foreignLists?: ImportedTrustLists;
  /** What a licence assessment reads: the stores (licence-reads.ts), or a wrapper over them. */
  checks: LicenceChecks;
  /** Where failures that end in CANNOT_CONFIRM are reported (details for operators only). */
  onFailure?: (what: string, error: unknown) => void;
}

/** Who asked: a public visitor (verifier null) or a registered verifier system (its client id). */
export interface VerificationContext {
  readonly clientIp: string | null;
  readonly requestId: string | null;
  readonly verifier: string | null;
  /** The legal basis on which that verifier system sees every field in full (verifier-bases), or none. */
  readonly legalBasis?: string | null;
}

/** A verdict and, when it could be signed, the receipt for it. */
export interface VerificationOutcome {
  readonly verdict: Verdict;
  readonly receipt: VerificationReceipt | null;
}
