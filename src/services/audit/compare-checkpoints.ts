// Checks of the checkpoints themselves, before the records: the database's checkpoint chain is
// whole, and it agrees with the witness. Each finding names the checkpoint and the record it covers.
// Steps: chain (v1 checkpoints by seq, then chained ones by index) → every index from 1 present,
// each linking to the digest of the one before, covering a later record → the witness: every
// checkpoint it holds is in the database unchanged, and every database checkpoint inside the range
// the witness has seen is in the witness (one it never saw was not made by this deployment).
import { CHECKPOINT_GENESIS, checkpointDigest, sameCheckpoint } from '../../domain/audit-checkpoint.ts';
import type { AuditCheckpoint } from '../../domain/audit-checkpoint.ts';
import type { AuditFinding } from './verify-audit-chain.ts';

const at = (cp: AuditCheckpoint) => `checkpoint #${cp.index} (record ${cp.seq})`;

/** Breaks in the database's own checkpoint chain, in chain order. */
export function checkCheckpointChain(all: readonly AuditCheckpoint[]): AuditFinding[] {
  const legacy = all.filter((c) => c.index === null).sort((a, b) => a.seq - b.seq);
  const chained = all.filter((c) => c.index !== null).sort((a, b) => (a.index as number) - (b.index as number));
  const findings: AuditFinding[] = [];
  // The first chained checkpoint links to the last v1 one before it; v1 ones signed later (by a
  // process of the previous release during an upgrade) stand outside the chain.
  const start = chained[0]?.seq ?? Infinity;
  let prev: AuditCheckpoint | null = legacy.filter((c) => c.seq < start).at(-1) ?? null;
  let expected = 1;
  for (const cp of chained) {
    const index = cp.index as number;
    if (index !== expected) {
      findings.push({
        seq: prev ? prev.seq + 1 : 1, checkpoint: expected, reason: 'AUDIT_CHECKPOINT_MISSING',
        message: `checkpoint #${expected} is missing from the database (the chain goes on at #${index}): deleted`,
      });
    } else if (cp.prevDigest !== (prev ? checkpointDigest(prev) : CHECKPOINT_GENESIS)) {
      findings.push({ seq: cp.seq, checkpoint: index, reason: 'AUDIT_CHECKPOINT_CHAIN_BROKEN', message: `${at(cp)} does not follow the checkpoint before it: one was deleted, replaced or forged` });
    } else if (prev && cp.seq <= prev.seq) {
      findings.push({ seq: cp.seq, checkpoint: index, reason: 'AUDIT_CHECKPOINT_CHAIN_BROKEN', message: `${at(cp)} covers no record after the checkpoint before it` });
    }
    prev = cp;
    expected = index + 1;
  }
  return findings;
}

/** Disagreements between the database's checkpoints and the witness's, by index. */
/** `where` names the witness in messages, e.g. `the witness (/keys/audit-witness.log)`. */
export function compareWithWitness(all: readonly AuditCheckpoint[], witnessed: readonly AuditCheckpoint[], where: string): AuditFinding[] {
  const db = new Map(all.filter((c) => c.index !== null).map((c) => [c.index as number, c]));
  const seen = new Map<number, AuditCheckpoint[]>();
  for (const cp of witnessed) {
    const list = seen.get(cp.index as number) ?? [];
    if (!list.some((c) => sameCheckpoint(c, cp))) list.push(cp);
    seen.set(cp.index as number, list);
  }
  const findings: AuditFinding[] = [];
  const indexes = [...seen.keys()].sort((a, b) => a - b);
  for (const index of indexes) {
    const stored = db.get(index);
    const copies = seen.get(index) as AuditCheckpoint[];
    if (!stored) {
      const cp = copies[0] as AuditCheckpoint;
      findings.push({ seq: cp.seq, checkpoint: index, reason: 'AUDIT_CHECKPOINT_MISSING', message: `${at(cp)} is in ${where} but not in the database: deleted` });
    } else if (copies.some((c) => !sameCheckpoint(c, stored))) {
      findings.push({ seq: stored.seq, checkpoint: index, reason: 'AUDIT_WITNESS_MISMATCH', message: `${at(stored)} in the database differs from ${where}: replaced, or signed over a rewritten log` });
    }
  }
  const first = indexes[0];
  const last = indexes.at(-1);
  if (first !== undefined && last !== undefined) {
    for (const [index, cp] of [...db].sort((a, b) => a[0] - b[0])) {
      if (index > first && index < last && !seen.has(index)) {
        findings.push({ seq: cp.seq, checkpoint: index, reason: 'AUDIT_CHECKPOINT_UNWITNESSED', message: `${at(cp)} is in the database but was never recorded by ${where}: forged` });
      }
    }
  }
  return findings.sort((a, b) => (a.checkpoint ?? 0) - (b.checkpoint ?? 0));
}
