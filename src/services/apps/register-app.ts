// Register (or re-register) a government app as an OpenID Connect client.
// Steps: check the redirect and logout URIs (redirect-uri-rules.ts) → pick the client
// authentication (none for public apps, a fresh secret otherwise) → build the client metadata
// (exact redirect URIs, scopes, grant types, back-channel logout, first- or third-party) →
// store it with the secret's digest only → audit → return the secret, the one time it is shown.
import { randomBytes } from 'node:crypto';
import { hashClientSecret, newClientSecret } from '../../domain/client-secret.ts';
import { auditActor, checkRegistration, clientMetadata } from './app-registration.ts';
import type { AppActor, AppDeps, AppRegistration } from './app-registration.ts';

export type { AppKind, AppRegistration, GrantType } from './app-registration.ts';

export async function registerApp(
  deps: AppDeps,
  input: AppRegistration,
  actor: AppActor,
): Promise<{ clientId: string; clientSecret: string | null }> {
  checkRegistration(input, deps.uriRules);
  const clientId = input.clientId ?? `app_${randomBytes(12).toString('base64url')}`;
  const existing = await deps.apps.find(clientId);
  const clientSecret = input.public ? null : newClientSecret();
  const now = deps.clock.now().toISOString();
  await deps.apps.save({
    clientId, metadata: clientMetadata(clientId, input), secretHash: clientSecret ? hashClientSecret(clientSecret) : null,
    status: 'active', createdAt: existing?.createdAt ?? now, updatedAt: now,
  });
  await deps.audit.append({
    ...auditActor(actor), action: existing ? 'app.reregister' : 'app.register', object: clientId, outcome: 'success',
    details: { name: input.name, kind: input.kind, public: input.public, grantTypes: input.grantTypes, scopes: input.scopes, redirectUris: input.redirectUris },
  });
  return { clientId, clientSecret };
}
