// Disable a citizen's or legal person's account (a stolen identity, a court order) or enable it again.
// Steps: find the account (not staff: theirs is the system administrator's) → set the status (from
// now on no sign-in method accepts it and no refresh succeeds: both check the status) → when
// disabling, end every sign-in session and grant, apps told by back-channel logout → audit with
// the status before and after, and one record for each app that did not accept its logout token.
import type { EndedSessions } from '../../ports/account-sessions.ts';
import { auditActor, existingAccount, maskedAccount } from './account-admin-deps.ts';
import type { AccountActor, AccountAdminDeps, MaskedAccount } from './account-admin-deps.ts';
import { auditFailedLogouts } from './end-account-sessions.ts';

export async function setAccountStatus(
  deps: AccountAdminDeps, id: string, status: 'active' | 'disabled', actor: AccountActor,
): Promise<{ account: MaskedAccount; ended: EndedSessions | null }> {
  const account = await existingAccount(deps.accounts, id, 'people');
  if (account.status !== status) await deps.directory.setStatus(id, status);
  const ended = status === 'disabled' ? await deps.sessions.endAll(id) : null;
  await deps.audit.append({
    ...auditActor(actor), action: status === 'disabled' ? 'account.admin.disable' : 'account.admin.enable', object: id, outcome: 'success',
    details: { before: { status: account.status }, after: { status }, ...(ended ? { sessions: ended.sessions, grants: ended.grants, backchannel: ended.backchannel.map((b) => b.clientId) } : {}) },
  });
  await auditFailedLogouts(deps, id, ended);
  return { account: await maskedAccount(deps.kv, { ...account, status }), ended };
}
