// The RS256 token key: made by keys init beside ES256, and added once to a platform made before it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKekRing } from '../../../src/adapters/keys/kek.ts';
import { SqlKeyVault } from '../../../src/adapters/keys/sql-key-vault.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { PlatformKeys } from '../../../src/domain/platform-keys.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { ensureTokenKeys } from '../../../src/services/pki/ensure-token-keys.ts';
import { initPlatformKeys } from '../../../src/services/pki/init-platform-keys.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

describe.each(sqlBackends)('token signing keys over $name', (backend) => {
  let close: () => Promise<void>;
  let deps: { vault: SqlKeyVault; audit: AuditLog };
  let other: { vault: SqlKeyVault; audit: AuditLog };
  const actor = { id: 'system:test', kind: 'system' as const };

  beforeAll(async () => {
    const a = await backend.open();
    const b = await backend.open();
    close = async () => { await a.cleanup(); await b.cleanup(); };
    const ring = parseKekRing(`k:${randomBytes(32).toString('base64')}`, 't');
    deps = { vault: new SqlKeyVault(a.knex, () => ring, systemClock), audit: new AuditLog(new SqlAuditStore(a.knex), systemClock) };
    other = { vault: new SqlKeyVault(b.knex, () => ring, systemClock), audit: new AuditLog(new SqlAuditStore(b.knex), systemClock) };
  });
  afterAll(async () => close?.());

  it('keys init makes an RSA key beside the ES256 one', async () => {
    await initPlatformKeys({ ...deps, clock: systemClock }, { organisation: '某市', publicUrl: 'https://id.example.gov.cn' }, actor);
    expect((await deps.vault.info(PlatformKeys.oidcSigningRs256))?.algorithm).toBe('rsa-2048');
    expect(await ensureTokenKeys(deps, actor)).toEqual([]);
  });

  it('adds the RSA key once to a platform that has only ES256, and nothing to one without keys', async () => {
    expect(await ensureTokenKeys(other, actor)).toEqual([]);
    expect(await other.vault.info(PlatformKeys.oidcSigningRs256)).toBeNull();
    await other.vault.create(PlatformKeys.oidcSigning, 'ec-p256');
    expect(await ensureTokenKeys(other, actor)).toEqual([PlatformKeys.oidcSigningRs256]);
    expect(await ensureTokenKeys(other, actor)).toEqual([]);
    const der = await other.vault.exportPrivateKey(PlatformKeys.oidcSigningRs256);
    expect(der.length).toBeGreaterThan(1000);
  });
});
