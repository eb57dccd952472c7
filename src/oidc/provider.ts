// oidc-provider configured for the city: our accounts and claims, ES256 ID tokens from the key
// vault, the key-value store for every artefact, registered apps from the database, and the
// features government apps need (PKCE, refresh rotation, client credentials, introspection,
// revocation, RP-initiated and back-channel logout, PAR, resource indicators, userinfo).
// The government app profile (docs/assurance.md): PKCE for every app, refresh tokens only for
// `offline_access` or an app registered for them, `auth_time` in every ID token, the `acr`
// values a token can carry and the scopes an app may ask for published in discovery.
import Provider, { errors } from 'oidc-provider';
import type { Adapter, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { accountKindOfId } from '../domain/account.ts';
import { PUBLISHED_ACR_VALUES } from '../domain/assurance.ts';
import type { AppStore } from '../ports/app-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { KeyVault } from '../ports/key-vault.ts';
import type { KvStore } from '../ports/kv-store.ts';
import { REFRESH_POLICY_METADATA } from '../services/apps/app-registration.ts';
import type { AuditEvent } from '../services/audit/audit-log.ts';
import type { AccountClaims } from '../services/identity/read-account-claims.ts';
import { AppStoreClientAdapter } from './client-adapter.ts';
import { SECRET_SAFE_AUTH_METHODS, SECRET_SAFE_JWA, compareSecretsByDigest } from './client-secrets.ts';
import { loadGrantPreConsented } from './first-party-grant.ts';
import { interactionPolicyWithStepUp } from './interaction-policy.ts';
import { KvAdapter } from './kv-adapter.ts';
import { addActing } from './acting.ts';
import type { ActingHooks } from './acting.ts';
import { addLicenceUseDetails } from './licence-use-details.ts';
import type { LicenceUseHooks } from './licence-use-details.ts';
import { pairwiseSubject } from './pairwise-subject.ts';
import { pinOrigin } from './pinned-origin.ts';
import { UnavailableAs503, orUnavailable } from './store-unavailable.ts';
import { noteSessionDevices } from './session-devices.ts';
import { signingJwks } from './signing-keys.ts';
import { holdTokenResponse, sendTokensOnceAudited } from './token-audit.ts';
import { introspectionAllowed, revocationAllowed } from './token-policies.ts';
import type { KeySchedule } from './signing-keys.ts';

/** Pages oidc-provider renders itself; supplied by the HTTP layer so all pages share one look. */
export interface ProviderPages {
  error(ctx: KoaContextWithOIDC, code: string): string;
  logout(ctx: KoaContextWithOIDC, form: string): string;
  loggedOut(ctx: KoaContextWithOIDC): string;
}

export interface ProviderDeps {
  publicUrl: string;
  cookieKeys: string[];
  trustProxy: boolean;
  /** Let the provider call apps on private and loopback addresses (intranet back channels). */
  privateNetworkFetch: boolean;
  kv: KvStore;
  apps: AppStore;
  vault: KeyVault;
  /** When a new signing key is published, when it signs, how long a replaced one stays. */
  keySchedule: KeySchedule;
  clock: Clock;
  claimsOf(accountId: string, opts: { fullIdNumber: boolean }): Promise<AccountClaims | null>;
  audit(event: AuditEvent): Promise<unknown>;
  /** Token issue: many per second, so recorded in groups (services/audit/audit-group-commit.ts); resolves once stored. */
  auditTokenIssue(event: AuditEvent): Promise<void>;
  pages: ProviderPages;
  /** Acting for an enterprise (acting.ts); without it nobody acts for one. */
  acting?: ActingHooks;
  /** Licence use for a service item named in authorization details (licence-use-details.ts). */
  licenceUse?: LicenceUseHooks;
  /** Keys the pairwise subject identifiers; changing it changes every pairwise `sub`. */
  pairwiseSecret: string;
}

/**
 * Scopes apps may ask for and the claims each one releases; the standalone entries (null) are
 * claims about the sign-in itself, which every ID token may carry.
 */
export const CLAIMS: Record<string, string[] | null> = {
  acr: null,
  amr: null,
  sid: null,
  auth_time: null,
  iss: null,
  // Apps need the level and methods of every sign-in, not only when they ask for them.
  openid: ['sub', 'acr', 'amr'],
  profile: ['name', 'account_kind', 'assurance_level'],
  phone: ['phone_number', 'phone_number_verified'],
  id_card: ['id_card'],
  org: ['org_credit_code', 'org_name'],
  staff: ['department', 'roles', 'staff_number'],
};

/** Scopes for yinxin's own APIs, granted to access tokens for the API resource. */
export const API_SCOPES = ['seals', 'licences', 'holder', 'admin', 'verify', 'qr_login', 'enterprise', 'identity', 'licence_use'];

/**
 * The scopes discovery lists: what any app may ask for. oidc-provider lists every scope a client
 * may be registered with, and a client's registered scopes must be among them, so the API scopes
 * stay configured (the built-in apps are registered with them) and are left out of the document.
 */
export const APP_SCOPES = ['openid', 'offline_access', ...Object.entries(CLAIMS).filter(([, v]) => v !== null).map(([k]) => k).filter((k) => k !== 'openid')];

export function issuerOf(publicUrl: string): string {
  return `${publicUrl}/oidc`;
}

export async function createProvider(deps: ProviderDeps): Promise<Provider> {
  const { jwks } = await signingJwks(deps.vault, deps.clock.now().getTime(), deps.keySchedule);
  const apiResource = `${deps.publicUrl}/api`;
  const clientAdapter = new AppStoreClientAdapter(deps.apps);

  const configuration: Configuration = {
    adapter: (model: string): Adapter => new UnavailableAs503(model === 'Client' ? clientAdapter : new KvAdapter(model, deps.kv, deps.clock)),
    jwks,
    cookies: {
      keys: deps.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    acrValues: [...PUBLISHED_ACR_VALUES],
    claims: CLAIMS,
    scopes: ['openid', 'offline_access', ...API_SCOPES],
    extraClientMetadata: { properties: ['app_kind', 'full_id_number', REFRESH_POLICY_METADATA, 'resource_server'] },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
      // Apps check max_age and step-ups against it, asked for or not.
      require_auth_time: true,
    },
    responseTypes: ['code'],
    // Client secrets are stored as digests (client-secrets.ts): nothing may use one as a key.
    clientAuthMethods: [...SECRET_SAFE_AUTH_METHODS],
    enabledJWA: SECRET_SAFE_JWA,
    // A code stolen on its way back (a browser extension, a log) is useless without the verifier,
    // secret or not (OAuth 2.1, RFC 9700 §2.1.1).
    pkce: { required: () => true },
    // Third-party apps see one identifier per person and sector (services/apps/app-registration.ts).
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: pairwiseSubject(deps.pairwiseSecret),
    sectorIdentifierUriValidate: () => false,
    rotateRefreshToken: true,
    // A refresh token per the app's registered policy (services/apps/app-registration.ts).
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token')
      && (code.scopes.has('offline_access') || client.metadata()[REFRESH_POLICY_METADATA] === 'always'),
    loadExistingGrant: loadGrantPreConsented(deps.audit),
    interactions: {
      policy: interactionPolicyWithStepUp(),
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    findAccount: async (ctx, sub) => {
      const fullIdNumber = ctx.oidc.client?.metadata().full_id_number === true;
      const claims = await orUnavailable(deps.claimsOf(sub, { fullIdNumber }));
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => claims };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      userinfo: { enabled: true },
      claimsParameter: { enabled: true },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = deps.pages.logout(ctx, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = deps.pages.loggedOut(ctx);
        },
      },
      resourceIndicators: {
        enabled: true,
        // Without a resource parameter a token is for userinfo only.
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== apiResource) throw new errors.InvalidTarget();
          return { scope: API_SCOPES.join(' '), audience: apiResource, accessTokenFormat: 'opaque', accessTokenTTL: 600 };
        },
      },
    },
    // oidc-provider refuses private and loopback addresses for outgoing calls; intranet
    // government apps live there, so the operator may allow them.
    ...(deps.privateNetworkFetch ? { fetch: (url: string | URL | Request, options?: RequestInit) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit) } : {}),
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = deps.pages.error(ctx, String(out.error ?? 'server_error'));
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      IdToken: 600,
      Interaction: 600,
      Grant: 14 * 24 * 3600,
      Session: 8 * 3600,
      RefreshToken: 14 * 24 * 3600,
      BackchannelAuthenticationRequest: 600,
      DeviceCode: 600,
    },
  };

  if (deps.acting) addActing(configuration, deps.kv, deps.acting);
  if (deps.licenceUse) addLicenceUseDetails(configuration, deps.licenceUse);
  const provider = new Provider(issuerOf(deps.publicUrl), configuration);
  provider.proxy = deps.trustProxy;
  pinOrigin(provider, deps.publicUrl);
  publishAppScopesOnly(provider);
  compareSecretsByDigest(provider);
  auditProviderEvents(provider, deps);
  sendTokensOnceAudited(provider);
  noteSessionDevices(provider, deps.kv, deps.clock);
  return provider;
}

/** Discovery lists APP_SCOPES as `scopes_supported`, not the API scopes (see APP_SCOPES). */
function publishAppScopesOnly(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.oidc?.route === 'discovery' && ctx.body && typeof ctx.body === 'object') {
      (ctx.body as { scopes_supported?: string[] }).scopes_supported = [...APP_SCOPES];
    }
  });
}

/** Token issue, revocation and logout go to the audit log, as login and consent do. */
function auditProviderEvents(provider: Provider, deps: Pick<ProviderDeps, 'audit' | 'auditTokenIssue'>): void {
  const ip = (ctx: KoaContextWithOIDC) => ctx.ip ?? null;
  const record = (event: AuditEvent) => {
    deps.audit(event).catch(() => undefined);
  };
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const token = ctx.oidc.entities.AccessToken ?? ctx.oidc.entities.ClientCredentials;
    holdTokenResponse(ctx, deps.auditTokenIssue({
      actor: ctx.oidc.account ? { id: ctx.oidc.account.accountId, kind: accountKindOfId(ctx.oidc.account.accountId) } : { id: ctx.oidc.client?.clientId ?? null, kind: 'client' },
      action: 'token.issue', object: ctx.oidc.client?.clientId ?? null, outcome: 'success', clientIp: ip(ctx),
      details: { grantType: ctx.oidc.params?.grant_type, scope: token?.scope },
    }));
  });
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    record({ actor: { id: ctx.oidc.client?.clientId ?? null, kind: 'client' }, action: 'grant.revoke', object: grantId, outcome: 'success', clientIp: ip(ctx) });
  });
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId ?? null;
    record({ actor: { id: accountId, kind: accountId ? accountKindOfId(accountId) : 'anonymous' }, action: 'logout', object: ctx.oidc.client?.clientId ?? null, outcome: 'success', clientIp: ip(ctx) });
  });
  provider.on('backchannel.error', (ctx: KoaContextWithOIDC, err: Error, client: { clientId: string }) => {
    record({ actor: { id: null, kind: 'system' }, action: 'logout.backchannel', object: client.clientId, outcome: 'failure', clientIp: ip(ctx), details: { error: err.message } });
  });
}
