// Begin enrolling a staff member's authenticator app.
// Steps: only staff enrol (account.ts mayUseTotp) → make a secret → keep it, sealed, beside the sign-in for ten minutes (a page reload shows
// the same one) → return the otpauth URI to show as a QR code. Nothing is stored on the account
// until a code from the app proves it was scanned (confirm-totp-enrolment.ts).
import { mayUseTotp } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { seal, unseal } from './identity-deps.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { TOTP_PURPOSE, newTotpSecret, totpUri } from './totp-code.ts';

export const TOTP_ENROLMENT_TTL_SECONDS = 600;
export const totpEnrolmentKey = (accountId: string) => `totp:enrol:${accountId}`;

export async function startTotpEnrolment(deps: Pick<IdentityDeps, 'accounts' | 'kv' | 'dataKeys'>, accountId: string): Promise<{ uri: string; secret: string }> {
  const account = await deps.accounts.findById(accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such account');
  if (!mayUseTotp(account)) throw new AppError('ERR_FORBIDDEN', 'only staff enrol an authenticator');
  if (account.totpSealed) throw new AppError('ERR_CONFLICT', 'an authenticator is already enrolled');
  const pending = await deps.kv.get(totpEnrolmentKey(accountId));
  const secret = pending ? await unseal(deps.dataKeys, TOTP_PURPOSE, pending) : newTotpSecret();
  if (!pending) await deps.kv.set(totpEnrolmentKey(accountId), await seal(deps.dataKeys, TOTP_PURPOSE, secret), TOTP_ENROLMENT_TTL_SECONDS);
  const label = account.staff ? `${account.staff.staffNumber} ${account.name}` : account.name;
  return { uri: totpUri(secret, label), secret };
}
