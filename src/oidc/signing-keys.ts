// The token-signing keys as a JWK set: every version of the vault's ES256 key, newest first, so
// the newest signs and older ones still verify tokens issued before a rotation.
import { createPrivateKey } from 'node:crypto';
import type { JWK } from 'oidc-provider';
import { PlatformKeys } from '../domain/platform-keys.ts';
import type { KeyVault } from '../ports/key-vault.ts';

export async function signingJwks(vault: KeyVault): Promise<{ keys: JWK[] }> {
  const versions = await vault.versions(PlatformKeys.oidcSigning);
  const keys: JWK[] = [];
  for (const v of [...versions].reverse()) {
    const der = await vault.exportPrivateKey(PlatformKeys.oidcSigning, v.version);
    const jwk = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    keys.push({ ...jwk, kid: `${PlatformKeys.oidcSigning}-${v.version}`, alg: 'ES256', use: 'sig' } as JWK);
  }
  return { keys };
}
