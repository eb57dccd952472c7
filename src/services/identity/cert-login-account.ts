// Which account a proven certificate signs in: an explicit link (issued or bound) first, then
// what the subject names.
// Steps: the link by certificate fingerprint (a revoked link refuses at once, before the next
// CRL) → a staff-CA certificate names a staff number in subject serialNumber → a certificate of
// an imported CA may name a legal person by credit code (serialNumber or organizationIdentifier)
// but never a staff member: only our own CA vouches for staff numbers → a link and the subject
// must agree → the account must be active.
import { nameAttribute } from '../../crypto/x509/names.ts';
import type { Account } from '../../domain/account.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import { AppError } from '../../domain/errors.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';
import type { ProvenCertificate } from './cert-login-verify.ts';

/** The login name the subject of a certificate names, or null. */
export function subjectLoginName(proven: ProvenCertificate): string | null {
  const subject = proven.certificate.subject;
  if (proven.fromStaffCa) {
    const staffNumber = nameAttribute(subject, 'serialNumber');
    return staffNumber ? `staff:${staffNumber}` : null;
  }
  for (const attr of ['serialNumber', 'organizationIdentifier']) {
    const v = nameAttribute(subject, attr);
    if (v && isValidCreditCode(normalizeCreditCode(v))) return `uscc:${normalizeCreditCode(v)}`;
  }
  return null;
}

export async function accountForCertificate(deps: Pick<CertLoginDeps, 'accounts' | 'bindings'>, proven: ProvenCertificate): Promise<Account> {
  const binding = await deps.bindings.findByFingerprint(proven.certificate.fingerprintSm3);
  if (binding?.revokedAt) throw new AppError('ERR_CERT_LOGIN_REVOKED', 'certificate link revoked', { details: { reason: 'binding_revoked' } });
  const name = subjectLoginName(proven);
  const named = name ? await deps.accounts.findByLogin(name) : null;
  const bound = binding ? await deps.accounts.findById(binding.accountId) : null;
  if (bound && named && bound.id !== named.id) {
    throw new AppError('ERR_CERT_LOGIN_MISMATCH', 'subject names another account than the link', { details: { reason: 'binding_subject_differ' } });
  }
  const account = bound ?? named;
  if (!account) throw new AppError('ERR_CERT_LOGIN_UNMAPPED', 'no account for this certificate', { details: { reason: name ? 'unknown_subject' : 'no_subject_id' } });
  if (account.status !== 'active') throw new AppError('ERR_CERT_LOGIN_MISMATCH', 'account disabled', { details: { reason: 'disabled' } });
  return account;
}
