// The apps one account has consented to, from the provider's grants (the adapter keeps a set of
// each account's grant ids, kv-adapter.ts), and withdrawing that consent: every grant of the
// account to the app destroyed with all tokens issued under it (refresh tokens included), as the
// revocation endpoint does for one token's grant. The app must ask for consent again next time.
import type Provider from 'oidc-provider';
import type { ConsentedApp, ConsentedApps } from '../ports/consented-apps.ts';
import type { KvStore } from '../ports/kv-store.ts';
import { accountGrantsKey } from './kv-adapter.ts';

type Grant = InstanceType<Provider['Grant']>;

async function grantsOf(p: Provider, kv: KvStore, accountId: string): Promise<Grant[]> {
  const out: Grant[] = [];
  for (const id of await kv.setMembers(accountGrantsKey(accountId))) {
    const grant = await p.Grant.find(id);
    if (grant && grant.accountId === accountId && grant.clientId) out.push(grant);
  }
  return out;
}

/** The OpenID scopes and every resource's scopes a grant holds. */
function scopesOf(grant: Grant): string[] {
  const scopes = (grant.openid?.scope ?? '').split(' ');
  for (const scope of Object.values(grant.resources ?? {})) scopes.push(...String(scope).split(' '));
  return scopes.filter(Boolean);
}

export function providerConsentedApps(provider: () => Promise<Provider>, kv: KvStore): ConsentedApps {
  return {
    async list(accountId: string): Promise<ConsentedApp[]> {
      const p = await provider();
      const byClient = new Map<string, ConsentedApp>();
      for (const grant of await grantsOf(p, kv, accountId)) {
        const clientId = grant.clientId as string;
        const app = byClient.get(clientId) ?? await (async () => {
          const client = await p.Client.find(clientId).catch(() => undefined);
          const kind = client?.metadata().app_kind;
          return { clientId, name: client?.clientName || clientId, kind: typeof kind === 'string' ? kind : 'third_party', scopes: [], grantedAt: 0 } as ConsentedApp;
        })();
        app.scopes = [...new Set([...app.scopes, ...scopesOf(grant)])];
        app.grantedAt = Math.max(app.grantedAt, grant.iat ?? 0);
        byClient.set(clientId, app);
      }
      return [...byClient.values()].sort((a, b) => b.grantedAt - a.grantedAt);
    },

    async withdraw(accountId: string, clientId: string): Promise<number> {
      const p = await provider();
      let removed = 0;
      for (const grant of await grantsOf(p, kv, accountId)) {
        if (grant.clientId !== clientId) continue;
        // The adapter keeps one set per grant for every token model, so one call removes them all.
        await p.AccessToken.revokeByGrantId(grant.jti);
        await grant.destroy();
        removed++;
      }
      return removed;
    },
  };
}
