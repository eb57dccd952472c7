/**
 * The parsed form of an X.509 v2 CRL (RFC 5280 §5) and its reason codes.
 */
import type { AlgorithmIdentifier } from './algorithms.ts';
import type { AuthorityKeyIdentifier, Extension } from './extensions.ts';
import type { DistinguishedName } from './names.ts';

/** CRL reason codes (RFC 5280 §5.3.1); 7 is unused by the standard. */
export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

/** A reason name. */
export type CrlReason = keyof typeof CRL_REASONS;

/** One revoked certificate. */
export interface RevokedCertificate {
  /** Serial in the same form as {@link Certificate.serialNumber}. */
  readonly serialNumber: string;
  readonly revocationDate: Date;
  /** Absent when the CRL gives none (which means unspecified). */
  readonly reason?: CrlReason;
  readonly invalidityDate?: Date;
  readonly extensions: readonly Extension[];
}

/** A parsed CRL. Plain data; frozen at the top level. */
export interface Crl {
  /** The CRL exactly as received. */
  readonly der: Uint8Array;
  /** 1 or 2. */
  readonly version: number;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: Date;
  /** RFC 5280 requires it; a CRL without one is never considered current. */
  readonly nextUpdate?: Date;
  readonly revoked: readonly RevokedCertificate[];
  /** The cRLNumber extension. */
  readonly crlNumber?: bigint;
  readonly authorityKeyIdentifier?: AuthorityKeyIdentifier;
  readonly extensions: readonly Extension[];
  /**
   * Critical CRL or entry extensions we do not process (delta CRLs, issuing distribution
   * points, indirect-CRL certificate issuers). A CRL with any of them is not used.
   */
  readonly unhandledCriticalExtensions: readonly string[];
  /** The original tbsCertList bytes: what the signature covers. */
  readonly tbs: Uint8Array;
  readonly signatureValue: Uint8Array;
}
