// Issue a staff member's login certificate from the platform staff CA.
// Steps: an active staff account with this staff number → the public key must be an SM2 point
// (normally generated inside the staff member's USB key) → certificate with the `staff` profile
// (digitalSignature, clientAuth), subject CN name, serialNumber staff number, O organisation,
// valid from now for `validityDays` (never beyond the CA) → record it as linked to the account
// (origin `issued`, also the CRL's source) → audit.
import { buildCertificate } from '../../crypto/x509/build-certificate.ts';
import type { Certificate } from '../../crypto/x509/certificate.ts';
import { nameAttribute } from '../../crypto/x509/names.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { AppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';

export interface StaffCertificateRequest {
  staffNumber: string;
  /** The 65-byte SM2 point 04‖x‖y. */
  publicKey: Uint8Array;
  /** Default two years. */
  validityDays?: number;
}

export async function issueStaffCertificate(
  deps: Pick<CertLoginDeps, 'accounts' | 'bindings' | 'vault' | 'audit' | 'clock' | 'publicUrl'>,
  req: StaffCertificateRequest,
  actor: { id: string | null; kind: 'system' | 'staff' },
): Promise<{ certificate: Certificate; chain: Uint8Array[] }> {
  const account = await deps.accounts.findByLogin(`staff:${req.staffNumber}`);
  if (!account || account.kind !== 'staff' || account.status !== 'active') throw new AppError('ERR_NOT_FOUND', 'no active staff member with this number');
  if (!(req.publicKey instanceof Uint8Array) || req.publicKey.length !== 65 || req.publicKey[0] !== 0x04) {
    throw new AppError('ERR_VALIDATION', 'public key must be an uncompressed SM2 point', { details: { issues: [{ path: ['publicKey'], message: 'not an SM2 public key' }] } });
  }
  const ca = await deps.vault.info(PlatformKeys.staffCa);
  if (!ca || ca.certificateChain.length === 0) throw new AppError('ERR_NOT_READY', 'the staff CA has not been created');
  const caCert = parseCertificate(ca.certificateChain[0] as Uint8Array);
  const now = deps.clock.now();
  const wanted = now.getTime() + (req.validityDays ?? 730) * 86_400_000;
  const notAfter = new Date(Math.min(wanted, caCert.notAfter.getTime()));
  const organisation = nameAttribute(caCert.subject, 'O') ?? '';
  const certificate = await buildCertificate({
    profile: 'staff',
    subject: [{ type: 'CN', value: account.name }, { type: 'serialNumber', value: req.staffNumber }, { type: 'O', value: organisation }, { type: 'C', value: 'CN' }],
    publicKey: req.publicKey,
    // A minute back: a verifier whose clock runs slightly behind still accepts it.
    notBefore: new Date(Math.max(now.getTime() - 60_000, caCert.notBefore.getTime())),
    notAfter,
    crlDistributionPoints: [`${deps.publicUrl}/pki/crl/${PlatformKeys.staffCa}.crl`],
  }, { certificate: caCert, signer: await deps.vault.signerFor(PlatformKeys.staffCa) });
  await deps.bindings.add({
    fingerprintSm3: certificate.fingerprintSm3, accountId: account.id, serialNumber: certificate.serialNumber, issuer: certificate.issuer.text,
    subject: certificate.subject.text, notAfter: certificate.notAfter.toISOString(), origin: 'issued', createdAt: now.toISOString(),
    revokedAt: null, revocationReason: null,
  });
  await deps.audit.append({
    actor, action: 'staff.certificate.issue', object: account.id, outcome: 'success',
    details: { serial: certificate.serialNumber, fingerprintSm3: certificate.fingerprintSm3, notAfter: certificate.notAfter.toISOString() },
  });
  return { certificate, chain: ca.certificateChain };
}
