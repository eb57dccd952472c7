/**
 * The kinds of certificate the platform issues and the extensions each carries.
 *
 * - `root-ca`: the trust anchor (self-signed). Signs only certificates and CRLs.
 * - `intermediate-ca`: the seal-maker CA (制章者) and the staff CA; signs only certificates and CRLs.
 * - `seal`: the key that signs an electronic seal (SES_SealInfo). nonRepudiation because a seal
 *   is a commitment by the organisation, not just an authentication.
 * - `signer`: a signer's (签章者) key that signs each use of a seal (TBS_Sign); same reasoning.
 * - `staff`: a staff member's login certificate; digitalSignature with the clientAuth purpose,
 *   and no nonRepudiation, because a login is not a declaration of intent.
 */
import type { KeyUsage } from './extensions.ts';
import { OID_EKU } from './oids.ts';

/** A certificate kind from the list above. */
export type CertificateProfile = 'root-ca' | 'intermediate-ca' | 'seal' | 'signer' | 'staff';

/** What a profile contributes to a certificate. */
export interface ProfileSettings {
  readonly ca: boolean;
  readonly keyUsage: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly string[];
  /** Default pathLenConstraint for CAs; undefined = no limit. */
  readonly pathLenConstraint?: number;
}

/** Extensions per profile. Intermediates default to pathLen 0: they issue end entities only. */
export const PROFILES: Readonly<Record<CertificateProfile, ProfileSettings>> = {
  'root-ca': { ca: true, keyUsage: ['keyCertSign', 'cRLSign'] },
  'intermediate-ca': { ca: true, keyUsage: ['keyCertSign', 'cRLSign'], pathLenConstraint: 0 },
  seal: { ca: false, keyUsage: ['digitalSignature', 'nonRepudiation'] },
  signer: { ca: false, keyUsage: ['digitalSignature', 'nonRepudiation'] },
  staff: { ca: false, keyUsage: ['digitalSignature'], extendedKeyUsage: [OID_EKU.clientAuth] },
};
