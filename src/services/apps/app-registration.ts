// What an app registration is made of, how it becomes OpenID Connect client metadata, and how
// the metadata reads back as a registration (for listing and partial updates).
import { AppError } from '../../domain/errors.ts';
import type { AppStore, RegisteredApp } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { PRODUCTION_URI_RULES, checkBackchannelUri, checkRedirectUri, invalid, sectorHostOf } from './redirect-uri-rules.ts';
import type { ApplicationType, UriRules } from './redirect-uri-rules.ts';

export { invalid } from './redirect-uri-rules.ts';
export type { ApplicationType, UriRules } from './redirect-uri-rules.ts';

export type AppKind = 'first_party' | 'third_party';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface AppRegistration {
  clientId?: string;
  name: string;
  kind: AppKind;
  /** Browser apps and mobile apps that cannot keep a secret: PKCE instead of a secret. */
  public: boolean;
  /**
   * Web apps (the default) redirect to https pages; native apps (mobile and desktop programs,
   * RFC 8252) to a loopback address, a claimed https URI or a private-use scheme.
   */
  applicationType?: ApplicationType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  scopes: string[];
  backchannelLogoutUri?: string;
  /** May receive the full ID number instead of the masked one. */
  fullIdNumber: boolean;
  /** How its ID tokens are signed: ES256 (the default) or RS256 for apps that only check RSA. */
  idTokenAlg?: IdTokenAlg;
  /**
   * The sector whose apps see one subject identifier per person (a host name, e.g.
   * `tax.example.gov.cn`). Third-party apps that sign people in get pairwise identifiers for
   * their sector, by default the host of their first redirect URI; first-party apps see the
   * account id. Kept once set, so that a person's identifier stays when redirect URIs change.
   */
  sector?: string | null;
  /**
   * Public (account ids) or pairwise (per sector) subjects; by default pairwise for third-party
   * apps at registration. Kept as stored on later changes, so an app's subjects never switch.
   */
  subjectType?: 'public' | 'pairwise';
  /**
   * When the app gets a refresh token (it must also be allowed the refresh_token grant): only
   * when it asks for `offline_access` (the default), or at every sign-in (`always`), for an app
   * that keeps people signed in by design.
   */
  refreshPolicy?: RefreshPolicy;
  /**
   * An API of another system that accepts yinxin's access tokens and checks them by token
   * introspection: it may introspect any app's tokens. Other apps introspect only their own.
   */
  resourceServer?: boolean;
}

export type RefreshPolicy = 'offline_access' | 'always';
export const REFRESH_POLICIES: readonly RefreshPolicy[] = ['offline_access', 'always'];
/** The client metadata property that holds the refresh policy (read by oidc/provider.ts). */
export const REFRESH_POLICY_METADATA = 'refresh_policy';

export type IdTokenAlg = 'ES256' | 'RS256';
export const ID_TOKEN_ALGS: readonly IdTokenAlg[] = ['ES256', 'RS256'];

/** An app as administrators see it: the registration, its status, never the secret. */
export type AppSummary = Required<Omit<AppRegistration, 'backchannelLogoutUri'>> & {
  backchannelLogoutUri: string | null;
  status: RegisteredApp['status'];
  createdAt: string;
  updatedAt: string;
};

export interface AppDeps {
  apps: AppStore;
  audit: AuditLog;
  clock: Clock;
  /** Which redirect URIs apps may register (redirect-uri-rules.ts); production's when unset. */
  uriRules?: UriRules;
}

/** Who changes a registration: an operator command, a test set-up, or a staff administrator. */
export interface AppActor {
  id: string | null;
  kind: 'system' | 'staff';
  clientIp?: string | null;
  requestId?: string | null;
}

/** The rules every registration keeps, on creation and after each update. */
export function checkRegistration(input: AppRegistration, rules: UriRules = PRODUCTION_URI_RULES): void {
  const type = input.applicationType ?? 'web';
  if (type !== 'web' && type !== 'native') throw invalid('applicationType', 'must be web or native');
  input.redirectUris.forEach((u, i) => checkRedirectUri(u, ['redirectUris', i], type, rules));
  input.postLogoutRedirectUris.forEach((u, i) => checkRedirectUri(u, ['postLogoutRedirectUris', i], type, rules));
  if (input.backchannelLogoutUri) checkBackchannelUri(input.backchannelLogoutUri, ['backchannelLogoutUri'], rules);
  if (input.public && input.grantTypes.includes('client_credentials')) throw invalid('grantTypes', 'client_credentials needs a confidential app');
  if (input.public && input.resourceServer) throw invalid('resourceServer', 'a resource server authenticates to introspect: it needs a confidential app');
  if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) throw invalid('redirectUris', 'an app that signs people in needs a redirect URI');
  if (input.idTokenAlg !== undefined && !ID_TOKEN_ALGS.includes(input.idTokenAlg)) throw invalid('idTokenAlg', 'must be ES256 or RS256');
  if (input.refreshPolicy !== undefined && !REFRESH_POLICIES.includes(input.refreshPolicy)) throw invalid('refreshPolicy', 'must be offline_access or always');
  if (input.refreshPolicy === 'always' && !input.grantTypes.includes('refresh_token')) throw invalid('refreshPolicy', 'always needs the refresh_token grant');
  if (input.sector != null && !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(input.sector)) {
    throw invalid('sector', 'must be a lower-case host name');
  }
}

/** Pairwise subjects for third-party apps that sign people in; the sector they share. */
function pairwiseSector(input: AppRegistration): string | null {
  const pairwise = (input.subjectType ?? (input.kind === 'third_party' ? 'pairwise' : 'public')) === 'pairwise';
  if (!pairwise || !input.grantTypes.includes('authorization_code') || !input.redirectUris[0]) return null;
  return input.sector ?? sectorHostOf(input.redirectUris[0]);
}

/** OpenID Connect client metadata for a registration; the secret is kept apart (RegisteredApp.secretHash). */
export function clientMetadata(clientId: string, input: AppRegistration): Record<string, unknown> {
  const sector = pairwiseSector(input);
  return {
    client_id: clientId,
    client_name: input.name,
    // Absent means web to oidc-provider, as for apps stored before native apps could register.
    ...(input.applicationType === 'native' ? { application_type: 'native' } : {}),
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    grant_types: input.grantTypes,
    response_types: input.grantTypes.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: input.public ? 'none' : 'client_secret_basic',
    scope: input.scopes.join(' '),
    app_kind: input.kind,
    full_id_number: input.fullIdNumber,
    ...(input.resourceServer ? { resource_server: true } : {}),
    id_token_signed_response_alg: input.idTokenAlg ?? 'ES256',
    [REFRESH_POLICY_METADATA]: input.refreshPolicy ?? 'offline_access',
    // The sector is a name, not a document to fetch: the provider is told not to fetch it (provider.ts).
    ...(sector ? { subject_type: 'pairwise', sector_identifier_uri: `https://${sector}/` } : { subject_type: 'public' }),
    ...(input.backchannelLogoutUri ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
}

/** The registration a stored app was made from. */
export function registrationOf(app: RegisteredApp): AppRegistration {
  const m = app.metadata;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    clientId: app.clientId,
    name: String(m.client_name ?? ''),
    kind: m.app_kind === 'first_party' ? 'first_party' : 'third_party',
    public: m.token_endpoint_auth_method === 'none',
    applicationType: m.application_type === 'native' ? 'native' : 'web',
    redirectUris: strings(m.redirect_uris),
    postLogoutRedirectUris: strings(m.post_logout_redirect_uris),
    grantTypes: strings(m.grant_types) as GrantType[],
    scopes: typeof m.scope === 'string' && m.scope ? m.scope.split(' ') : [],
    ...(typeof m.backchannel_logout_uri === 'string' ? { backchannelLogoutUri: m.backchannel_logout_uri } : {}),
    fullIdNumber: m.full_id_number === true,
    idTokenAlg: m.id_token_signed_response_alg === 'RS256' ? 'RS256' : 'ES256',
    sector: typeof m.sector_identifier_uri === 'string' ? new URL(m.sector_identifier_uri).hostname : null,
    subjectType: m.subject_type === 'pairwise' ? 'pairwise' : 'public',
    refreshPolicy: m[REFRESH_POLICY_METADATA] === 'always' ? 'always' : 'offline_access',
    resourceServer: m.resource_server === true,
  };
}

export function summaryOf(app: RegisteredApp): AppSummary {
  const r = registrationOf(app);
  return {
    ...r, clientId: app.clientId, applicationType: r.applicationType ?? 'web', backchannelLogoutUri: r.backchannelLogoutUri ?? null,
    idTokenAlg: r.idTokenAlg ?? 'ES256', sector: r.sector ?? null, subjectType: r.subjectType ?? 'public', refreshPolicy: r.refreshPolicy ?? 'offline_access',
    resourceServer: r.resourceServer ?? false,
    status: app.status, createdAt: app.createdAt, updatedAt: app.updatedAt,
  };
}

/** The app, or ERR_NOT_FOUND. */
export async function existingApp(apps: AppStore, clientId: string): Promise<RegisteredApp> {
  const app = await apps.find(clientId);
  if (!app) throw new AppError('ERR_NOT_FOUND', 'no such app');
  return app;
}

export function auditActor(actor: AppActor) {
  return { actor: { id: actor.id, kind: actor.kind }, clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null };
}
