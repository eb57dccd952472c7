import type { Signer } from '../crypto/signer.ts';

/** An issuing department's licence seal (证照专用章), ready to use. */
export interface LicenceSeal {
  /** The GB/T 38540 SESeal, DER. */
  readonly seal: Uint8Array;
  /** Signs with a key whose certificate is listed in the seal. */
  readonly signer: Signer;
  /** The seal image (PNG) placed on the rendered licence. */
  readonly image: Uint8Array;
}

/** Finds the licence seal of an issuing department; owned by the licence use cases. */
export interface LicenceSeals {
  /**
   * The licence seal of the department with this credit code, or null when it has none in force.
   * Implementations must not return a revoked or suspended seal.
   */
  licenceSealFor(issuerCode: string): Promise<LicenceSeal | null>;
}
