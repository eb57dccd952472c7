// What `audit verify` and `audit checkpoint` need, without building the service: the database
// (migrated first when the service would migrate it at start), the audit store, the key vault for
// the checkpoint key, the witness file and the pinned root, composed by the same auditUpkeep as
// the service's, so a command reports what the service would.
import { connectSql } from '../adapters/sql/connect.ts';
import { migrateLatest } from '../adapters/sql/migrate.ts';
import { SqlAuditStore } from '../adapters/sql/sql-audit-store.ts';
import { FileAuditWitness } from '../adapters/audit/file-audit-witness.ts';
import { loadKekRing } from '../adapters/keys/kek.ts';
import type { KekRing } from '../adapters/keys/kek.ts';
import { SqlKeyVault } from '../adapters/keys/sql-key-vault.ts';
import { readTrustAnchors } from '../adapters/keys/trust-anchor-file.ts';
import type { Config } from '../config/schema.ts';
import { systemClock } from '../ports/clock.ts';
import { auditUpkeep } from '../services/audit/audit-upkeep.ts';
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
  let kek: KekRing | undefined;
  const upkeep = auditUpkeep({
    store: new SqlAuditStore(knex),
    vault: new SqlKeyVault(knex, () => (kek ??= loadKekRing({ value: config.kek, file: config.kekFile, createIfMissing: config.env !== 'production' })), systemClock),
    clock: systemClock,
    witness: config.auditWitnessFile ? new FileAuditWitness(config.auditWitnessFile) : null,
    anchors: () => readTrustAnchors(config.keysDir),
    intervalS: config.auditCheckpointIntervalS,
  });
  return {
    verify: (copies) => upkeep.verify({ copies }),
    checkpoint: () => upkeep.checkpoint(),
    close: () => knex.destroy(),
  };
}
