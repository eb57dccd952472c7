// Checkpointing and verifying the audit log, as the service does them and as the `audit` commands
// do them without starting the service: one composition, so that a command reports what the
// service would.
// Steps: checkpoint → only when the checkpoint key exists, sign over the head; verify → the chain,
// its checkpoints against the pinned root (each key's certificate chain from the vault), the
// witness, and any copies given.
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { AuditWitness } from '../../ports/audit-witness.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import { signAuditCheckpoint } from './sign-audit-checkpoint.ts';
import { verifyAuditLog } from './verify-audit-log.ts';
import type { AuditLogReport, VerifyAuditOptions } from './verify-audit-log.ts';

export interface AuditUpkeepDeps {
  store: AuditStore;
  vault: Pick<KeyVault, 'info' | 'signerFor'>;
  clock: Clock;
  witness: AuditWitness | null;
  /** The pinned root certificates (read when a verification starts). */
  anchors(): Uint8Array[];
  /** Seconds between checkpoints (for the overdue check). */
  intervalS: number;
}

export interface AuditUpkeep {
  /** Sign a checkpoint over the head now; null when there is nothing new, no checkpoint key, or the last is younger than minAgeMs. */
  checkpoint(opts?: { minAgeMs?: number }): Promise<{ seq: number; index: number | null } | null>;
  /** Verify the chain, its checkpoints, the witness and any copies given. */
  verify(opts?: { copies?: VerifyAuditOptions['copies'] }): Promise<AuditLogReport>;
}

export function auditUpkeep(deps: AuditUpkeepDeps): AuditUpkeep {
  const hasKey = async () => (await deps.vault.info(PlatformKeys.auditCheckpoint)) !== null;
  return {
    async checkpoint(opts) {
      if (!(await hasKey())) return null;
      return signAuditCheckpoint({ store: deps.store, signer: await deps.vault.signerFor(PlatformKeys.auditCheckpoint), clock: deps.clock, witness: deps.witness }, opts);
    },
    async verify(opts = {}) {
      return verifyAuditLog(deps.store, {
        anchors: deps.anchors(),
        certificateChainOf: async (keyId) => {
          const [id, version] = keyId.split('#');
          return (await deps.vault.info(id as string, version ? Number(version) : undefined))?.certificateChain ?? null;
        },
        witness: deps.witness,
        intervalS: deps.intervalS,
        expectCheckpoints: await hasKey(),
        now: deps.clock.now(),
        copies: opts.copies,
      });
    },
  };
}
