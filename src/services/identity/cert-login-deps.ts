// What certificate login (数字证书登录), certificate binding and the staff CA's certificates
// work with, and the rules they share: which CAs are trusted for sign-in and how long a challenge
// and a staff-CA CRL live.
import type { CertBindingStore } from '../../ports/cert-binding-store.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { IdentityDeps } from './identity-deps.ts';

export interface CertLoginDeps extends Pick<IdentityDeps, 'accounts' | 'kv' | 'audit' | 'clock'> {
  bindings: CertBindingStore;
  /** Holds the platform staff CA (PlatformKeys.staffCa), anchor and issuer of staff certificates. */
  vault: KeyVault;
  /**
   * CAs outside the platform trusted for sign-in (e.g. a provincial legal-person CA), with their
   * CRLs, as DER. Read from CERT_LOGIN_CA_DIR by the container.
   */
  externalCas(): { anchors: Uint8Array[]; crls: Uint8Array[] };
  /** The service's public origin: the audience written into every challenge. */
  publicUrl: string;
}

export const CERT_LOGIN = {
  /** A challenge must be signed within this time; a USB key asks for its PIN first. */
  challengeTtlSeconds: 120,
  /** Validity of a staff-CA CRL; a new one is issued when less than half of it is left. */
  crlValidityHours: 24,
} as const;
