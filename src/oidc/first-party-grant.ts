// Consent for first-party government apps, granted while the provider loads the grant.
//
// The provider asks for consent after sign-in whenever the grant lacks a requested scope. For
// first-party apps (pre-consented) that step would only bounce the browser through the
// interaction page and back, two more requests and their store writes on every sign-in. Instead,
// when no grant exists yet, this grants exactly what the request asks for: its OpenID scopes and
// claims (already checked against the app's allowed scopes) and, per resource, the requested
// scopes that resource offers. The grant is audited as the interaction page would have done.
// Third-party apps, and first-party apps asking for more than an existing grant holds, still go
// through the consent page (http/routes/sign-in/consent.ts).
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { accountKindOfId } from '../domain/account.ts';
import type { AuditEvent } from '../services/audit/audit-log.ts';

type LoadExistingGrant = NonNullable<Configuration['loadExistingGrant']>;

export function loadGrantPreConsented(audit: (event: AuditEvent) => Promise<unknown>): LoadExistingGrant {
  return async (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const client = oidc.client;
    const session = oidc.session;
    if (!client || !session) return undefined;
    const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    if (grantId) return oidc.provider.Grant.find(grantId);
    const accountId = oidc.account?.accountId ?? session.accountId;
    if (client.metadata().app_kind !== 'first_party' || !accountId) return undefined;

    const grant = new oidc.provider.Grant({ accountId, clientId: client.clientId });
    const scopes = [...oidc.requestParamOIDCScopes];
    if (scopes.length) grant.addOIDCScope(scopes.join(' '));
    const claims = [...oidc.requestParamClaims];
    if (claims.length) grant.addOIDCClaims(claims);
    for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
      const wanted = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s));
      if (wanted.length) grant.addResourceScope(indicator, wanted.join(' '));
    }
    await grant.save();
    await audit({
      actor: { id: accountId, kind: accountKindOfId(accountId) }, action: 'consent.grant', object: client.clientId, outcome: 'success',
      clientIp: ctx.ip ?? null, details: { how: 'pre-consented', scopes },
    });
    return grant;
  };
}
