// Sign a checkpoint over the audit chain head, chained to the checkpoint before it, and record it
// with the witness, so that rewriting or truncating the log, or deleting checkpoints, is
// detectable even by someone who can recompute every hash.
// Steps: read the head and the last checkpoint → nothing to do when the head is covered (or, with
// minAgeMs, the last checkpoint is younger than that) → with a witness: refuse when the database
// lacks or differs from the witness's latest checkpoint (never sign over a log that lost history),
// and copy into the witness the checkpoints other processes added since → build the next
// checkpoint (index + 1, prevDigest of the last) → SM2-sign its payload → insert it if its seq and
// index are free, else another process checkpointed first: read again and retry → append it to
// the witness (after the insert, so a lost race never leaves the witness ahead of the database).
import type { Signer } from '../../crypto/signer.ts';
import { CHECKPOINT_GENESIS, checkpointDigest, checkpointPayload, sameCheckpoint } from '../../domain/audit-checkpoint.ts';
import type { AuditCheckpoint } from '../../domain/audit-checkpoint.ts';
import { AppError } from '../../domain/errors.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { AuditWitness } from '../../ports/audit-witness.ts';
import type { Clock } from '../../ports/clock.ts';

const MAX_ATTEMPTS = 10;
/** Most checkpoints copied into the witness in one go (more follow at the next checkpoint). */
const MAX_COPY = 1000;

export interface CheckpointDeps {
  store: AuditStore;
  signer: Signer;
  clock: Clock;
  witness?: AuditWitness | null;
}

const refused = (message: string, details: Record<string, unknown>) =>
  new AppError('ERR_AUDIT_TAMPERED', `audit checkpoint refused: ${message}`, { details });

/** Bring the witness up to the database's chain head; throws when the database lost history. */
async function catchUpWitness(store: AuditStore, witness: AuditWitness, last: AuditCheckpoint | null): Promise<void> {
  const seen = await witness.latest();
  if (seen === null || seen.index === null) return;
  if (last?.index == null || last.index < seen.index) {
    throw refused(`the database lacks checkpoint #${seen.index} that the witness holds`, { index: seen.index, witness: witness.location });
  }
  const [same, ...newer] = await store.checkpointsFrom(seen.index, MAX_COPY);
  if (!same || !sameCheckpoint(same, seen)) {
    throw refused(`checkpoint #${seen.index} in the database differs from the witness`, { index: seen.index, witness: witness.location });
  }
  let prev = same;
  for (const cp of newer) {
    if (cp.index !== (prev.index as number) + 1 || cp.prevDigest !== checkpointDigest(prev)) {
      throw refused(`checkpoint #${cp.index} does not follow #${prev.index}`, { index: cp.index });
    }
    prev = cp;
  }
  if (newer.length > 0) await witness.append(newer);
}

export async function signAuditCheckpoint(deps: CheckpointDeps, opts: { minAgeMs?: number } = {}): Promise<AuditCheckpoint | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [head, last] = await Promise.all([deps.store.last(), deps.store.lastCheckpoint()]);
    if (!head || (last && last.seq >= head.seq)) return null;
    const now = deps.clock.now();
    if (last && opts.minAgeMs !== undefined && now.getTime() - Date.parse(last.signedAt) < opts.minAgeMs) return null;
    if (deps.witness) await catchUpWitness(deps.store, deps.witness, last);
    const unsigned = {
      seq: head.seq, hash: head.hash, signedAt: now.toISOString(), keyId: deps.signer.keyId,
      index: (last?.index ?? 0) + 1, prevDigest: last ? checkpointDigest(last) : CHECKPOINT_GENESIS,
    };
    const cp = { ...unsigned, signature: Buffer.from(await deps.signer.sign(checkpointPayload(unsigned))).toString('base64') };
    if (await deps.store.addCheckpoint(cp)) {
      await deps.witness?.append([cp]);
      return cp;
    }
    await new Promise((r) => setTimeout(r, Math.random() * 20));
  }
  throw new AppError('ERR_AUDIT_CONTENTION', 'audit checkpoint kept conflicting', { details: { attempts: MAX_ATTEMPTS } });
}
