// A person adds an authenticator app from the account pages (any kind of account).
// Steps: an active account without one → re-authenticated (reauthenticate.ts) → a new secret,
// kept sealed for ten minutes (a reload shows the same one) → the otpauth URI for the QR code.
// Nothing is stored on the account until a code from the app proves it was scanned
// (confirm-own-totp-enrolment.ts).
import { AppError } from '../../domain/errors.ts';
import { seal, unseal } from './identity-deps.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';
import { reauthenticate } from './reauthenticate.ts';
import { TOTP_PURPOSE, newTotpSecret, totpUri } from './totp-code.ts';

export const OWN_TOTP_ENROLMENT_TTL_S = 600;
export const ownTotpEnrolmentKey = (accountId: string) => `totp:enrol-own:${accountId}`;

export async function startOwnTotpEnrolment(deps: OwnAccountDeps, who: OwnCaller, input: { password?: string }): Promise<{ uri: string; secret: string }> {
  const account = await deps.accounts.findById(who.accountId);
  if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'no such account');
  if (account.totpSealed) throw new AppError('ERR_CONFLICT', 'an authenticator is already enrolled');
  await reauthenticate(deps, account, who, input.password, 'account.totp.enrol');
  return pendingEnrolment(deps, account.id, account.name);
}

/** The pending secret started earlier (after re-authentication), or null. */
export async function pendingOwnEnrolment(deps: OwnAccountDeps, accountId: string): Promise<{ uri: string; secret: string } | null> {
  const account = await deps.accounts.findById(accountId);
  const pending = await deps.kv.get(ownTotpEnrolmentKey(accountId));
  if (!account || !pending || account.totpSealed) return null;
  const secret = await unseal(deps.dataKeys, TOTP_PURPOSE, pending);
  return { uri: totpUri(secret, account.name), secret };
}

async function pendingEnrolment(deps: OwnAccountDeps, accountId: string, name: string): Promise<{ uri: string; secret: string }> {
  const pending = await deps.kv.get(ownTotpEnrolmentKey(accountId));
  const secret = pending ? await unseal(deps.dataKeys, TOTP_PURPOSE, pending) : newTotpSecret();
  if (!pending) await deps.kv.set(ownTotpEnrolmentKey(accountId), await seal(deps.dataKeys, TOTP_PURPOSE, secret), OWN_TOTP_ENROLMENT_TTL_S);
  return { uri: totpUri(secret, name), secret };
}
