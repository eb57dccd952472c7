// The person ends sign-in sessions from the account pages: one (a phone left behind), every one
// but the current, or the current one (signing out).
// Steps: which sessions → for each, the provider ends it (apps told by back-channel logout, the
// grants it used revoked with their tokens, account-sessions.ts) → audit what was ended and which
// apps were told. Ending one that is already gone ends nothing and says so.
import type { EndedSessions } from '../../ports/account-sessions.ts';
import { accountKindOfId } from '../../domain/account.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';

export type Which = { one: string } | 'others' | 'current';

export async function endOwnSessions(deps: Pick<OwnAccountDeps, 'sessions' | 'audit'>, who: OwnCaller, which: Which): Promise<EndedSessions> {
  const all = await deps.sessions.list(who.accountId);
  const chosen = which === 'others' ? all.filter((s) => s.uid !== who.sessionUid)
    : which === 'current' ? all.filter((s) => s.uid === who.sessionUid)
    : all.filter((s) => s.id === which.one);
  const out: EndedSessions = { sessions: 0, grants: 0, backchannel: [] };
  for (const s of chosen) {
    const ended = await deps.sessions.end(who.accountId, s.id);
    out.sessions += ended.sessions;
    out.grants += ended.grants;
    out.backchannel.push(...ended.backchannel);
  }
  await deps.audit.append({
    actor: { id: who.accountId, kind: accountKindOfId(who.accountId) }, action: which === 'current' ? 'logout' : 'account.session.end',
    object: who.accountId, outcome: 'success', clientIp: who.clientIp, requestId: who.requestId,
    details: { which: typeof which === 'string' ? which : 'one', sessions: out.sessions, grants: out.grants, backchannel: out.backchannel.map((b) => ({ clientId: b.clientId, ok: b.ok })) },
  });
  return out;
}
