/**
 * Certificates linked to accounts for certificate login: those the staff CA issued (linked at
 * issue) and those a person bound after signing in. The record of a staff-CA certificate is also
 * the source of that CA's revocation list.
 */
export interface CertBinding {
  /** Lower-case hex SM3 of the certificate DER. */
  fingerprintSm3: string;
  accountId: string;
  /** Upper-case hex serial, as `Certificate.serialNumber`. */
  serialNumber: string;
  issuer: string;
  subject: string;
  notAfter: string;
  /** `issued`: by the platform staff CA; `bound`: presented and proven by its holder. */
  origin: 'issued' | 'bound';
  createdAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
}

export interface CertBindingStore {
  /** Insert; false when this certificate is already linked (to anyone). */
  add(binding: CertBinding): Promise<boolean>;
  /** The link of a certificate, or null. */
  findByFingerprint(fingerprintSm3: string): Promise<CertBinding | null>;
  /** An account's certificates, newest first. */
  listForAccount(accountId: string): Promise<CertBinding[]>;
  /** Mark revoked; false when absent or already revoked. */
  revoke(fingerprintSm3: string, at: string, reason: string): Promise<boolean>;
  /** Revoked certificates of the staff CA, for its CRL. */
  revokedIssued(): Promise<CertBinding[]>;
}
