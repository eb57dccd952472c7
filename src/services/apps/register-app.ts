// Register (or re-register) a government app as an OpenID Connect client.
// Steps: check the redirect and logout URIs are absolute and fragment-free → pick the client
// authentication (none for public apps, a fresh secret otherwise) → build the client metadata
// (exact redirect URIs, scopes, grant types, back-channel logout, first- or third-party) →
// store → audit → return the secret once.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { AppStore } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export type AppKind = 'first_party' | 'third_party';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface AppRegistration {
  clientId?: string;
  name: string;
  kind: AppKind;
  /** Browser apps and mobile apps that cannot keep a secret: PKCE instead of a secret. */
  public: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  scopes: string[];
  backchannelLogoutUri?: string;
  /** May receive the full ID number instead of the masked one. */
  fullIdNumber: boolean;
}

function checkUri(uri: string, field: string): void {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new AppError('ERR_VALIDATION', `${field}: not an absolute URL`, { details: { issues: [{ path: [field], message: 'not an absolute URL' }] } });
  }
  if (u.hash || !/^(https?:|[a-z][a-z0-9+.-]*:)$/.test(u.protocol)) {
    throw new AppError('ERR_VALIDATION', `${field}: no fragments`, { details: { issues: [{ path: [field], message: 'no fragment allowed' }] } });
  }
}

export async function registerApp(
  deps: { apps: AppStore; audit: AuditLog; clock: Clock },
  input: AppRegistration,
  actor: { id: string | null; kind: 'system' | 'staff' },
): Promise<{ clientId: string; clientSecret: string | null }> {
  input.redirectUris.forEach((u) => checkUri(u, 'redirectUris'));
  input.postLogoutRedirectUris.forEach((u) => checkUri(u, 'postLogoutRedirectUris'));
  if (input.backchannelLogoutUri) checkUri(input.backchannelLogoutUri, 'backchannelLogoutUri');
  if (input.public && input.grantTypes.includes('client_credentials')) {
    throw new AppError('ERR_VALIDATION', 'grantTypes: a public app cannot use client credentials', { details: { issues: [{ path: ['grantTypes'], message: 'client_credentials needs a confidential app' }] } });
  }
  const clientId = input.clientId ?? `app_${randomBytes(12).toString('base64url')}`;
  const existing = await deps.apps.find(clientId);
  const clientSecret = input.public ? null : randomBytes(32).toString('base64url');
  const now = deps.clock.now().toISOString();
  const metadata: Record<string, unknown> = {
    client_id: clientId,
    client_name: input.name,
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    grant_types: input.grantTypes,
    response_types: input.grantTypes.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: input.public ? 'none' : 'client_secret_basic',
    scope: input.scopes.join(' '),
    app_kind: input.kind,
    full_id_number: input.fullIdNumber,
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    ...(input.backchannelLogoutUri ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
  };
  await deps.apps.save({ clientId, metadata, createdAt: existing?.createdAt ?? now, updatedAt: now });
  await deps.audit.append({
    actor, action: existing ? 'app.update' : 'app.register', object: clientId, outcome: 'success',
    details: { name: input.name, kind: input.kind, grantTypes: input.grantTypes, scopes: input.scopes },
  });
  return { clientId, clientSecret };
}
