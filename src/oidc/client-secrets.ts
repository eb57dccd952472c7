// Client authentication against stored digests instead of secrets in the clear.
//
// oidc-provider authenticates `client_secret_basic` and `client_secret_post` by calling
// `client.compareClientSecret(presented)` (lib/shared/client_auth.js), which by default compares
// with `client.clientSecret` in constant time. Its author's advice for hashed secrets
// (panva/node-oidc-provider#631) is to replace that method on the provider's Client prototype:
// our adapter hands the digest in as `client_secret`, and the replacement digests what the app
// presents and compares the two.
//
// The price is that a client secret can no longer serve as a key: HMAC-signed client assertions
// (`client_secret_jwt`), HS* signatures and secret-derived encryption would key off the digest,
// which a database reader knows. `SECRET_SAFE_JWA` and `SECRET_SAFE_AUTH_METHODS` therefore offer
// only asymmetric algorithms and methods that never use the secret as a key.
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import { clientSecretMatches } from '../domain/client-secret.ts';

/** Token endpoint authentication methods that use the secret, if at all, only for comparison. */
export const SECRET_SAFE_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;

const SIGNING = ['ES256', 'RS256', 'PS256', 'EdDSA'] as const;
const KEY_AGREEMENT = ['ECDH-ES', 'RSA-OAEP', 'RSA-OAEP-256'] as const;

/**
 * The provider's defaults without HS* signatures and without symmetric key wrapping (`A…KW`,
 * `dir`), both of which would key off the client secret.
 */
export const SECRET_SAFE_JWA: NonNullable<Configuration['enabledJWA']> = {
  clientAuthSigningAlgValues: [...SIGNING],
  requestObjectSigningAlgValues: [...SIGNING],
  idTokenEncryptionAlgValues: [...KEY_AGREEMENT],
  requestObjectEncryptionAlgValues: [...KEY_AGREEMENT],
  userinfoEncryptionAlgValues: [...KEY_AGREEMENT],
  introspectionEncryptionAlgValues: [...KEY_AGREEMENT],
  authorizationEncryptionAlgValues: [...KEY_AGREEMENT],
};

/** Make the provider compare presented secrets with the stored digests. */
export function compareSecretsByDigest(provider: Provider): void {
  const proto = provider.Client.prototype as unknown as { compareClientSecret(this: { clientSecret?: string }, given: unknown): Promise<boolean> };
  proto.compareClientSecret = async function compareClientSecret(given) {
    return typeof this.clientSecret === 'string' && clientSecretMatches(this.clientSecret, given);
  };
}
