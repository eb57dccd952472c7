// The token-signing keys as a JWK set, following a rotation schedule.
//
// `yinxin keys rotate oidc` adds a version of the vault's ES256 key (and of its RS256 key). That version is first only
// published ("next"): apps that cache the key set fetch it before any token carries it. After
// `activationDelayS` it signs. The version it replaces stays published ("retiring") for
// `retainS` more, until every token it signed has expired, and then leaves the set. Every service
// process works the plan out from the vault and the clock alone, so all agree without talking.
// Keys that must not sign are marked `key_ops: ["verify"]`: oidc-provider then only publishes
// them and verifies with them.
import { createPrivateKey } from 'node:crypto';
import type { JWK } from 'oidc-provider';
import { PlatformKeys } from '../domain/platform-keys.ts';
import type { KeyVault } from '../ports/key-vault.ts';

export interface KeySchedule {
  /** Seconds a new version is published before it signs. */
  activationDelayS: number;
  /** Seconds a replaced version stays published: at least the longest lifetime of a signed token. */
  retainS: number;
}

export type KeyState = 'next' | 'signing' | 'retiring';

export interface PlannedKey {
  version: number;
  state: KeyState;
}

/**
 * Which versions are published and which one signs at `nowMs`. The first version signs from its
 * creation (there is nothing to announce it against); later ones after the delay.
 */
export function planSigningKeys(versions: { version: number; createdAt: string }[], nowMs: number, schedule: KeySchedule): PlannedKey[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const activatesAt = sorted.map((v, i) => Date.parse(v.createdAt) + (i === 0 ? 0 : schedule.activationDelayS * 1000));
  let signing = -1;
  for (let i = 0; i < sorted.length; i++) if ((activatesAt[i] as number) <= nowMs) signing = i;
  const plan: PlannedKey[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const version = (sorted[i] as { version: number }).version;
    if (i > signing) plan.push({ version, state: 'next' });
    else if (i === signing) plan.push({ version, state: 'signing' });
    // Replaced when the version after it began to sign; kept while its tokens may still be live.
    else if ((activatesAt[i + 1] as number) + schedule.retainS * 1000 > nowMs) plan.push({ version, state: 'retiring' });
  }
  return plan;
}

/**
 * The vault keys that sign tokens, one per algorithm: ES256 by default, RS256 for apps registered
 * for it. Each follows its own plan; `yinxin keys rotate oidc` rotates both.
 */
export const TOKEN_SIGNING_KEYS = [
  { keyId: PlatformKeys.oidcSigning, alg: 'ES256' },
  { keyId: PlatformKeys.oidcSigningRs256, alg: 'RS256' },
] as const;

/** The plan of every token key now, as one fingerprint (a missing key has an empty plan). */
export async function signingPlanNow(vault: KeyVault, nowMs: number, schedule: KeySchedule): Promise<string> {
  const plans = await Promise.all(TOKEN_SIGNING_KEYS.map(async ({ keyId }) => planSigningKeys(await vault.versions(keyId), nowMs, schedule)));
  return plans.map(signingPlanFingerprint).join('|');
}

/** The key set for the provider now, newest first per algorithm, and a fingerprint of the plan it follows. */
export async function signingJwks(vault: KeyVault, nowMs: number, schedule: KeySchedule): Promise<{ jwks: { keys: JWK[] }; plan: string }> {
  const keys: JWK[] = [];
  const fingerprints: string[] = [];
  for (const { keyId, alg } of TOKEN_SIGNING_KEYS) {
    const plan = planSigningKeys(await vault.versions(keyId), nowMs, schedule);
    fingerprints.push(signingPlanFingerprint(plan));
    for (const { version, state } of plan) {
      const der = await vault.exportPrivateKey(keyId, version);
      const jwk = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
      keys.push({ ...jwk, kid: `${keyId}-${version}`, alg, use: 'sig', ...(state === 'signing' ? {} : { key_ops: ['verify'] }) } as JWK);
    }
  }
  return { jwks: { keys }, plan: fingerprints.join('|') };
}

export function signingPlanFingerprint(plan: PlannedKey[]): string {
  return plan.map((k) => `${k.version}:${k.state}`).join(',');
}
