// What `audit verify` and `audit checkpoint` need, without building the service: the database
// (migrated first when the service would migrate it at start), the audit store, the key vault for
// the checkpoint key, the witness file and the pinned root. Composed as createContainer composes
// its checkpointAudit and verifyAudit, so a command reports what the service would.
import { connectSql } from '../adapters/sql/connect.ts';
import { migrateLatest } from '../adapters/sql/migrate.ts';
import { SqlAuditStore } from '../adapters/sql/sql-audit-store.ts';
import { FileAuditWitness } from '../adapters/audit/file-audit-witness.ts';
import { loadKekRing } from '../adapters/keys/kek.ts';
import type { KekRing } from '../adapters/keys/kek.ts';
import { SqlKeyVault } from '../adapters/keys/sql-key-vault.ts';
import { readTrustAnchors } from '../adapters/keys/trust-anchor-file.ts';
import type { Config } from '../config/schema.ts';
import { PlatformKeys } from '../domain/platform-keys.ts';
import { systemClock } from '../ports/clock.ts';
import { signAuditCheckpoint } from '../services/audit/sign-audit-checkpoint.ts';
import { verifyAuditLog } from '../services/audit/verify-audit-log.ts';
import type { AuditLogReport, VerifyAuditOptions } from '../services/audit/verify-audit-log.ts';

export interface AuditTools {
  /** Verify the chain, its checkpoints (against the pinned root), the witness and any copies given. */
  verify(copies: VerifyAuditOptions['copies']): Promise<AuditLogReport>;
  /** Sign a checkpoint over the head now; null when there is nothing new or no checkpoint key. */
  checkpoint(): Promise<{ seq: number; index: number | null } | null>;
  close(): Promise<void>;
}

export async function openAuditTools(config: Config): Promise<AuditTools> {
  const knex = connectSql(config.databaseUrl, { poolMax: 1 });
  try {
    if (config.migrateOnStart) await migrateLatest(knex);
  } catch (e) {
    await knex.destroy();
    throw e;
  }
  const clock = systemClock;
  const store = new SqlAuditStore(knex);
  let kek: KekRing | undefined;
  const vault = new SqlKeyVault(knex, () => (kek ??= loadKekRing({ value: config.kek, file: config.kekFile, createIfMissing: config.env !== 'production' })), clock);
  const witness = config.auditWitnessFile ? new FileAuditWitness(config.auditWitnessFile) : null;
  return {
    verify: async (copies) => verifyAuditLog(store, {
      anchors: readTrustAnchors(config.keysDir),
      certificateChainOf: async (keyId) => {
        const [id, version] = keyId.split('#');
        return (await vault.info(id as string, version ? Number(version) : undefined))?.certificateChain ?? null;
      },
      witness,
      intervalS: config.auditCheckpointIntervalS,
      expectCheckpoints: (await vault.info(PlatformKeys.auditCheckpoint)) !== null,
      now: clock.now(),
      copies,
    }),
    checkpoint: async () => {
      if (!(await vault.info(PlatformKeys.auditCheckpoint))) return null;
      return signAuditCheckpoint({ store, signer: await vault.signerFor(PlatformKeys.auditCheckpoint), clock, witness });
    },
    close: () => knex.destroy(),
  };
}
