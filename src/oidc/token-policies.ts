// Who may introspect or revoke a token at the provider's endpoints. oidc-provider's default lets
// any confidential client introspect any other app's tokens; here only the app the token was
// issued to, and registered resource servers (apps registered with `resourceServer`, the APIs
// that accept yinxin's tokens), get an answer; everyone else is told `active: false`.
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';

interface TokenOwner {
  clientId?: string;
}
interface Caller {
  clientId: string;
  clientAuthMethod?: string | undefined;
  metadata(): Record<string, unknown>;
}

export async function introspectionAllowed(_ctx: KoaContextWithOIDC, client: Caller, token: TokenOwner): Promise<boolean> {
  if (token.clientId === client.clientId) return true;
  return client.clientAuthMethod !== 'none' && client.metadata().resource_server === true;
}

/** Only the app a token was issued to revokes it (oidc-provider's rule, stated here so it is ours). */
export async function revocationAllowed(_ctx: KoaContextWithOIDC, client: Caller, token: TokenOwner): Promise<boolean> {
  if (token.clientId === client.clientId) return true;
  if (client.clientAuthMethod === 'none') return false;
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
}
