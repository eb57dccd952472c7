// Revoke a linked certificate (a lost USB key, a staff member leaving).
// Steps: the link must exist and not be revoked → mark it revoked with the reason → for a
// certificate the staff CA issued, issue a new CRL at once so relying parties outside the
// platform learn of it too → audit. Certificate login refuses the link at once either way.
import type { CrlReason } from '../../crypto/x509/crl.ts';
import { AppError } from '../../domain/errors.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';
import { issueStaffCrl } from './issue-staff-crl.ts';

export async function revokeCertificate(
  deps: Pick<CertLoginDeps, 'bindings' | 'vault' | 'kv' | 'audit' | 'clock'>,
  input: { fingerprintSm3: string; reason: CrlReason },
  actor: { id: string | null; kind: 'system' | 'staff' },
): Promise<void> {
  const binding = await deps.bindings.findByFingerprint(input.fingerprintSm3);
  if (!binding) throw new AppError('ERR_NOT_FOUND', 'no such certificate');
  if (!(await deps.bindings.revoke(binding.fingerprintSm3, deps.clock.now().toISOString(), input.reason))) {
    throw new AppError('ERR_CONFLICT', 'certificate already revoked');
  }
  if (binding.origin === 'issued') await issueStaffCrl(deps, { force: true });
  await deps.audit.append({
    actor, action: 'certificate.revoke', object: binding.accountId, outcome: 'success',
    details: { serial: binding.serialNumber, fingerprintSm3: binding.fingerprintSm3, reason: input.reason },
  });
}
