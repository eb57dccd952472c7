// Make a citizen's or legal person's password and/or authenticator unusable, so that the person
// proves themselves again: a cleared password is set anew only through the recovery by a code
// texted to the phone on record (/account/forgot); a removed authenticator is enrolled again. The
// administrator never sees, chooses or hands over a password.
// Steps: find the account (not staff) → at least one factor asked → a password only when a phone
// is on record (else the person could not recover) → clear the password hash (no
// password then signs in) and/or remove the sealed TOTP secret → end every sign-in session and
// grant (apps told by back-channel logout): whoever held the old factor is signed out → audit with
// the factors before and after.
import { invalid } from '../staff/staff-deps.ts';
import type { EndedSessions } from '../../ports/account-sessions.ts';
import { auditActor, existingAccount, maskedAccount } from './account-admin-deps.ts';
import type { AccountActor, AccountAdminDeps, MaskedAccount } from './account-admin-deps.ts';
import { auditFailedLogouts } from './end-account-sessions.ts';

export async function resetAccountCredentials(
  deps: AccountAdminDeps, id: string, what: { password: boolean; authenticator: boolean }, actor: AccountActor,
): Promise<{ account: MaskedAccount; ended: EndedSessions }> {
  if (!what.password && !what.authenticator) throw invalid({ path: ['password'], code: 'nothing', message: 'choose the password, the authenticator or both' });
  const account = await existingAccount(deps.accounts, id, 'people');
  // Without a phone on record no code can be texted: the person could never set a password again.
  if (what.password && !account.phone) throw invalid({ path: ['password'], code: 'no_phone', message: 'the account has no phone on record to recover the password with' });
  const factors = (hash: string | null, totp: string | null) => [...(hash ? ['password'] : []), ...(totp ? ['authenticator'] : [])];
  const after = { ...account, passwordHash: what.password ? null : account.passwordHash, totpSealed: what.authenticator ? null : account.totpSealed };
  if (what.password) await deps.accounts.setPasswordHash(id, null);
  if (what.authenticator) await deps.accounts.setTotp(id, null);
  const ended = await deps.sessions.endAll(id);
  await deps.audit.append({
    ...auditActor(actor), action: 'account.admin.reset', object: id, outcome: 'success',
    details: {
      reset: [...(what.password ? ['password'] : []), ...(what.authenticator ? ['authenticator'] : [])],
      before: { factors: factors(account.passwordHash, account.totpSealed) }, after: { factors: factors(after.passwordHash, after.totpSealed) },
      sessions: ended.sessions, grants: ended.grants, backchannel: ended.backchannel.map((b) => b.clientId),
    },
  });
  await auditFailedLogouts(deps, id, ended);
  return { account: await maskedAccount(deps.kv, after), ended };
}
