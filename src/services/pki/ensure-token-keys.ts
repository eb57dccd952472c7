// Add the token-signing keys a platform made before they existed (the RS256 key came after
// ES256). Steps: skip when the platform has no ES256 key yet (keys init makes both) → for each
// token key that is missing, create it → audit what was created.
import { isAppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { KeyAlgorithm, KeyVault } from '../../ports/key-vault.ts';
import type { AuditLog } from '../audit/audit-log.ts';

const TOKEN_KEYS: [string, KeyAlgorithm][] = [[PlatformKeys.oidcSigningRs256, 'rsa-2048']];

export async function ensureTokenKeys(deps: { vault: KeyVault; audit: AuditLog }, actor: { id: string; kind: 'system' | 'staff' }): Promise<string[]> {
  if (!(await deps.vault.info(PlatformKeys.oidcSigning))) return [];
  const created: string[] = [];
  for (const [id, algorithm] of TOKEN_KEYS) {
    if (await deps.vault.info(id)) continue;
    try {
      await deps.vault.create(id, algorithm);
      created.push(id);
    } catch (e) {
      // Another process starting at the same moment made it first.
      if (!isAppError(e, 'ERR_CONFLICT')) throw e;
    }
  }
  if (created.length) await deps.audit.append({ actor, action: 'admin.keys.create', outcome: 'success', details: { created } });
  return created;
}
