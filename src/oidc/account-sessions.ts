// Ending every sign-in of one account (a disabled staff member): oidc-provider ends a session only
// for the browser that holds it, so the adapter keeps per-account sets of session and grant ids
// (kv-adapter.ts) and this does for each session what the provider's end-session endpoint does:
// a logout token to every app of the session that has a back-channel logout URI
// (Client#backchannelLogout, as in oidc-provider's end_session action), its grants revoked with
// their tokens, and the session destroyed. Grants outlive sessions (refresh tokens), so the
// account's other grants go too.
import type Provider from 'oidc-provider';
import type { AccountSessions, EndedSessions } from '../ports/account-sessions.ts';
import type { KvStore } from '../ports/kv-store.ts';
import { accountGrantsKey, accountSessionsKey } from './kv-adapter.ts';

async function revokeGrant(provider: Provider, grantId: string, accountId: string): Promise<boolean> {
  const grant = await provider.Grant.find(grantId);
  if (grant && grant.accountId !== accountId) return false;
  // The adapter keeps one set per grant for every token model, so one call removes them all.
  await provider.AccessToken.revokeByGrantId(grantId);
  if (grant) await grant.destroy();
  return Boolean(grant);
}

type BackchannelClient = { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> };

export function providerAccountSessions(provider: () => Promise<Provider>, kv: KvStore): AccountSessions {
  return {
    async endAll(accountId: string): Promise<EndedSessions> {
      const p = await provider();
      const out: EndedSessions = { sessions: 0, grants: 0, backchannel: [] };
      const grantIds = new Set(await kv.setMembers(accountGrantsKey(accountId)));
      const logouts: (() => Promise<void>)[] = [];
      for (const id of await kv.setMembers(accountSessionsKey(accountId))) {
        const session = await p.Session.find(id);
        if (!session || session.accountId !== accountId) continue;
        for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
          if (authorization.grantId) grantIds.add(authorization.grantId);
          const client = await p.Client.find(clientId).catch(() => undefined) as unknown as BackchannelClient | undefined;
          const sid = session.sidFor(clientId) as string;
          if (!client?.backchannelLogoutUri) continue;
          logouts.push(() => client.backchannelLogout(accountId, sid).then(
            () => { out.backchannel.push({ clientId, ok: true }); },
            (e: unknown) => { out.backchannel.push({ clientId, ok: false, error: e instanceof Error ? e.message : String(e) }); },
          ));
        }
        await session.destroy();
        out.sessions++;
      }
      for (const grantId of grantIds) {
        if (await revokeGrant(p, grantId, accountId)) out.grants++;
      }
      // Apps hear of it once their tokens are already gone.
      await Promise.all(logouts.map((send) => send()));
      await Promise.all([kv.delete(accountSessionsKey(accountId)), kv.delete(accountGrantsKey(accountId))]);
      return out;
    },
  };
}
