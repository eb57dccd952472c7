// The sign-in sessions of one account: listed for its owner, ended one by one from the account
// pages, or all at once (a disabled staff member). oidc-provider ends a session only for the
// browser that holds it, so the adapter keeps per-account sets of session and grant ids
// (kv-adapter.ts) and this does for each session what the provider's end-session endpoint does:
// a logout token to every app of the session that has a back-channel logout URI
// (Client#backchannelLogout, as in oidc-provider's end_session action), its grants revoked with
// their tokens, and the session destroyed. Ending all goes further: grants outlive sessions
// (refresh tokens), so the account's other grants go too.
import { createHash } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { AccountSessions, ActiveSession, EndedSessions } from '../ports/account-sessions.ts';
import type { KvStore } from '../ports/kv-store.ts';
import { accountGrantsKey, accountSessionsKey } from './kv-adapter.ts';
import { readSessionDevice, sessionDeviceKey } from './session-devices.ts';

type Session = InstanceType<Provider['Session']>;
type BackchannelClient = { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void>; clientName?: string };

/** The session's id is its cookie value: pages name a session by a digest of it instead. */
const handleOf = (sessionId: string) => createHash('sha256').update(`yinxin session handle:${sessionId}`).digest('base64url').slice(0, 22);

async function revokeGrant(provider: Provider, grantId: string, accountId: string): Promise<boolean> {
  const grant = await provider.Grant.find(grantId);
  if (grant && grant.accountId !== accountId) return false;
  // The adapter keeps one set per grant for every token model, so one call removes them all.
  await provider.AccessToken.revokeByGrantId(grantId);
  if (grant) await grant.destroy();
  return Boolean(grant);
}

const findClient = (p: Provider, clientId: string) => p.Client.find(clientId).catch(() => undefined) as Promise<BackchannelClient | undefined>;

async function sessionsOf(p: Provider, kv: KvStore, accountId: string): Promise<Session[]> {
  const out: Session[] = [];
  for (const id of await kv.setMembers(accountSessionsKey(accountId))) {
    const session = await p.Session.find(id);
    if (session && session.accountId === accountId) out.push(session);
  }
  return out;
}

/** Destroy one session, revoking its grants; returns the logouts to send once tokens are gone. */
async function endOne(p: Provider, kv: KvStore, accountId: string, session: Session, out: EndedSessions, grantIds: Set<string>): Promise<(() => Promise<void>)[]> {
  const logouts: (() => Promise<void>)[] = [];
  for (const [clientId, authorization] of Object.entries(session.authorizations ?? {})) {
    if (authorization.grantId) grantIds.add(authorization.grantId);
    const client = await findClient(p, clientId);
    const sid = session.sidFor(clientId) as string;
    if (!client?.backchannelLogoutUri) continue;
    logouts.push(() => client.backchannelLogout(accountId, sid).then(
      () => { out.backchannel.push({ clientId, ok: true }); },
      (e: unknown) => { out.backchannel.push({ clientId, ok: false, error: e instanceof Error ? e.message : String(e) }); },
    ));
  }
  await session.destroy();
  await kv.delete(sessionDeviceKey(session.jti));
  out.sessions++;
  return logouts;
}

async function finish(p: Provider, accountId: string, grantIds: Set<string>, logouts: (() => Promise<void>)[], out: EndedSessions): Promise<EndedSessions> {
  for (const grantId of grantIds) {
    if (await revokeGrant(p, grantId, accountId)) out.grants++;
  }
  // Apps hear of it once their tokens are already gone.
  await Promise.all(logouts.map((send) => send()));
  return out;
}

export function providerAccountSessions(provider: () => Promise<Provider>, kv: KvStore): AccountSessions {
  return {
    async endAll(accountId: string): Promise<EndedSessions> {
      const p = await provider();
      const out: EndedSessions = { sessions: 0, grants: 0, backchannel: [] };
      const grantIds = new Set(await kv.setMembers(accountGrantsKey(accountId)));
      const logouts: (() => Promise<void>)[] = [];
      for (const session of await sessionsOf(p, kv, accountId)) logouts.push(...await endOne(p, kv, accountId, session, out, grantIds));
      await finish(p, accountId, grantIds, logouts, out);
      await Promise.all([kv.delete(accountSessionsKey(accountId)), kv.delete(accountGrantsKey(accountId))]);
      return out;
    },

    async end(accountId: string, id: string): Promise<EndedSessions> {
      const p = await provider();
      const out: EndedSessions = { sessions: 0, grants: 0, backchannel: [] };
      const session = (await sessionsOf(p, kv, accountId)).find((s) => handleOf(s.jti) === id);
      if (!session) return out;
      const grantIds = new Set<string>();
      return finish(p, accountId, grantIds, await endOne(p, kv, accountId, session, out, grantIds), out);
    },

    async list(accountId: string): Promise<ActiveSession[]> {
      const p = await provider();
      const out: ActiveSession[] = [];
      for (const session of await sessionsOf(p, kv, accountId)) {
        const device = await readSessionDevice(kv, session.jti);
        const apps: ActiveSession['apps'] = [];
        for (const clientId of Object.keys(session.authorizations ?? {})) {
          const client = await findClient(p, clientId);
          apps.push({ clientId, name: client?.clientName || clientId });
        }
        const signedInAt = session.loginTs ?? session.iat ?? 0;
        out.push({
          id: handleOf(session.jti), uid: session.uid, signedInAt, lastActiveAt: Math.max(signedInAt, device?.lastActiveAt ?? 0),
          acr: session.acr ?? null, amr: [...(session.amr ?? [])],
          device: device ? { userAgent: device.userAgent, ip: device.ip } : null, apps,
        });
      }
      return out.sort((a, b) => b.lastActiveAt - a.lastActiveAt);
    },
  };
}
