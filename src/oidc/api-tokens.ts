// Read a bearer token presented to yinxin's own API: an opaque access token issued by this
// provider for the API resource. The provider's own models look it up (so revocation, expiry and
// grant removal count at once), and the sign-in session it came from tells which methods were used,
// the level reached and when (a later step-up counts at once; an ended session gives nothing).
// A system's own token (client credentials, no person behind it) is read only for APIs that take
// one, such as verification by registered verifier systems.
import type Provider from 'oidc-provider';
import type { ApiCaller } from '../services/apps/authorize-app-admin.ts';

export async function readApiToken(provider: Provider, apiResource: string, token: string, opts: { systems?: boolean } = {}): Promise<ApiCaller | null> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return null;
  const at = await provider.AccessToken.find(token);
  if (!at && opts.systems) return readSystemToken(provider, apiResource, token);
  if (!at || at.isExpired || at.aud !== apiResource || !at.clientId) return null;
  if (!(await provider.Client.find(at.clientId))) return null;
  if (at.grantId && !(await provider.Grant.find(at.grantId))) return null;
  const session = at.sessionUid ? await provider.Session.findByUid(at.sessionUid) : undefined;
  const live = session && session.accountId === at.accountId;
  return {
    clientId: at.clientId,
    accountId: at.accountId ?? null,
    scopes: (at.scope ?? '').split(' ').filter(Boolean),
    sessionAmr: live ? [...(session.amr ?? [])] : null,
    sessionAcr: live ? (session.acr ?? null) : null,
    sessionAuthTime: live && typeof session.loginTs === 'number' ? session.loginTs : null,
    sessionUid: live ? session.uid : null,
    orgCreditCode: orgCreditCodeOf(at.extra),
  };
}

/** A client-credentials token for the API resource, issued to a registered app that is still active. */
async function readSystemToken(provider: Provider, apiResource: string, token: string): Promise<ApiCaller | null> {
  const cc = await provider.ClientCredentials.find(token);
  if (!cc || cc.isExpired || cc.aud !== apiResource || !cc.clientId) return null;
  if (!(await provider.Client.find(cc.clientId))) return null;
  return { clientId: cc.clientId, accountId: null, scopes: (cc.scope ?? '').split(' ').filter(Boolean), sessionAmr: null, sessionAcr: null, sessionAuthTime: null, orgCreditCode: null };
}

/** The credit code in a token's `org` claim (acting.ts adds it while acting for an enterprise). */
function orgCreditCodeOf(extra: unknown): string | null {
  const code = (extra as { org?: { credit_code?: unknown } } | undefined)?.org?.credit_code;
  return typeof code === 'string' ? code : null;
}
