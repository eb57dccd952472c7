// The GB/T 38540 check of one SES_Signature, behind a port so that the composition root can keep
// results for signatures that are checked again and again (a licence's stored signature).
import type { SesVerificationResult } from '../crypto/ses/verify/verify-ses-signature.ts';

/** Everything a check depends on, as bytes: equal inputs give equal results. */
export interface SesCheck {
  /** SES_Signature DER. */
  readonly signature: Uint8Array;
  /** The protected bytes, or their SM3 digest. */
  readonly data?: Uint8Array;
  readonly dataHash?: Uint8Array;
  readonly anchors: readonly Uint8Array[];
  readonly intermediates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  /** "Now" for the checks reported at the current time. */
  readonly at: Date;
}

export interface SesVerifier {
  /** The checks of GB/T 38540 over the signature, the data and the trust material. */
  verify(check: SesCheck): SesVerificationResult;
}
