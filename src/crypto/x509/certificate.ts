/**
 * The parsed form of an X.509 certificate, shared by the parser, the builder and path
 * validation.
 */
import type { AlgorithmIdentifier, PublicKeyInfo } from './algorithms.ts';
import type { DecodedExtensions, Extension } from './extensions.ts';
import type { DistinguishedName } from './names.ts';

/** A parsed certificate. Plain data; frozen at the top level. */
export interface Certificate extends DecodedExtensions {
  /** The certificate exactly as received. */
  readonly der: Uint8Array;
  /** 1, 2 or 3. */
  readonly version: number;
  /** Upper-case hex of the serial number's magnitude (a `-` prefix marks a non-conforming negative serial). */
  readonly serialNumber: string;
  /** The signature algorithm named inside tbsCertificate (equal to the outer one). */
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyInfo: PublicKeyInfo;
  /** Shortcut for `publicKeyInfo.publicKey`: for SM2 the 65-byte point 04‖x‖y. */
  readonly publicKey: Uint8Array;
  /** All extensions in order, including those without a decoded form. */
  readonly extensions: readonly Extension[];
  /** OIDs of critical extensions that path validation does not understand (see UNDERSTOOD_EXTENSIONS). */
  readonly unhandledCriticalExtensions: readonly string[];
  /** The original tbsCertificate bytes: what the signature covers. */
  readonly tbs: Uint8Array;
  /** The signature value (for SM2, DER SEQUENCE { r, s }). */
  readonly signatureValue: Uint8Array;
  /** Lower-case hex SM3 of the whole certificate DER. */
  readonly fingerprintSm3: string;
  /** True when subject and issuer are the same name. */
  readonly selfIssued: boolean;
}
