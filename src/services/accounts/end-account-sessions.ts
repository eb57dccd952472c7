// The security administrator lists an account's sign-in sessions and ends one or all of them.
// Steps: find the account within the page's scope → the provider's sessions (account-sessions.ts),
// the address's host hidden → ending: one session (by its handle) or every session with its grants;
// each app it signed in to with a back-channel logout URI receives a logout token → audit what
// was ended and which apps were told, one record more for each app that did not accept.
import type { EndedSessions } from '../../ports/account-sessions.ts';
import { auditActor, existingAccount, maskedSessions } from './account-admin-deps.ts';
import type { AccountActor, AccountAdminDeps, AccountScope, MaskedSession } from './account-admin-deps.ts';

export async function listAccountSessions(deps: AccountAdminDeps, id: string, scope: AccountScope): Promise<MaskedSession[]> {
  await existingAccount(deps.accounts, id, scope);
  return maskedSessions(await deps.sessions.list(id));
}

/** `sessionId` null: every session and grant of the account. */
export async function endAccountSessions(deps: AccountAdminDeps, id: string, sessionId: string | null, scope: AccountScope, actor: AccountActor): Promise<EndedSessions> {
  await existingAccount(deps.accounts, id, scope);
  const before = (await deps.sessions.list(id)).length;
  const ended = sessionId === null ? await deps.sessions.endAll(id) : await deps.sessions.end(id, sessionId);
  await deps.audit.append({
    ...auditActor(actor), action: 'account.admin.sessions.end', object: id, outcome: 'success',
    details: {
      which: sessionId === null ? 'all' : 'one', before: { sessions: before }, after: { sessions: before - ended.sessions },
      sessions: ended.sessions, grants: ended.grants, backchannel: ended.backchannel.map((b) => ({ clientId: b.clientId, ok: b.ok })),
    },
  });
  await auditFailedLogouts(deps, id, ended);
  return ended;
}

export async function auditFailedLogouts(deps: Pick<AccountAdminDeps, 'audit'>, accountId: string, ended: EndedSessions | null): Promise<void> {
  for (const failed of ended?.backchannel.filter((b) => !b.ok) ?? []) {
    await deps.audit.append({ actor: { id: null, kind: 'system' }, action: 'logout.backchannel', object: failed.clientId, outcome: 'failure', details: { accountId, error: failed.error } });
  }
}
