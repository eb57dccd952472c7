// Sign a checkpoint over the audit chain head, so that rewriting or truncating the log is
// detectable even by someone who can recompute every hash.
// Steps: read the head → build the checkpoint (seq, hash, time, key id) → SM2-sign its payload
// → store it (a checkpoint for that seq already made by another instance is not an error).
import type { Signer } from '../../crypto/signer.ts';
import { checkpointPayload } from '../../domain/audit-record.ts';
import type { AuditCheckpoint } from '../../domain/audit-record.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { Clock } from '../../ports/clock.ts';

export async function signAuditCheckpoint(deps: { store: AuditStore; signer: Signer; clock: Clock }): Promise<AuditCheckpoint | null> {
  const head = await deps.store.last();
  if (!head) return null;
  const unsigned = { seq: head.seq, hash: head.hash, signedAt: deps.clock.now().toISOString(), keyId: deps.signer.keyId };
  const signature = Buffer.from(await deps.signer.sign(checkpointPayload(unsigned))).toString('base64');
  const cp = { ...unsigned, signature };
  return (await deps.store.addCheckpoint(cp)) ? cp : null;
}
