// The audit log's state for the audit page, cheap enough for every page view of a long log.
// Steps: the chain head (read-audit-head) → the latest signed checkpoint, how many records it
// leaves uncovered and whether one is overdue (older than twice the interval while records wait)
// → the database's checkpoint chain is whole (compare-checkpoints) → the tail after the latest
// checkpoint verifies record by record and its first record matches the checkpoint
// (verify-audit-chain, from there), up to MAX_TAIL records. The whole walk with signatures and
// the witness is `audit verify` (and the page's "verify now", verify-audit-log).
import type { AuditStore } from '../../ports/audit-store.ts';
import type { Clock } from '../../ports/clock.ts';
import { checkCheckpointChain } from './compare-checkpoints.ts';
import { readAuditHead } from './read-audit-head.ts';
import type { AuditHead } from './read-audit-head.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import type { AuditFinding } from './verify-audit-chain.ts';

/** The most records after the latest checkpoint checked on a page view. */
export const MAX_TAIL = 20_000;

export interface AuditStatus {
  head: AuditHead;
  checkpoint: { index: number | null; seq: number; signedAt: string; keyId: string } | null;
  /** Records after the latest checkpoint. */
  uncovered: number;
  /** Records wait and the latest checkpoint is older than twice the interval (or none exists). */
  overdue: boolean;
  /** The checkpoint chain in the database: how many, and its first break. */
  checkpointChain: { total: number; firstBroken: AuditFinding | null };
  /** The tail after the latest checkpoint: records checked, and its first break; `complete` false past MAX_TAIL. */
  tail: { verified: number; complete: boolean; firstBroken: AuditFinding | null };
}

export async function readAuditStatus(deps: { store: AuditStore; clock: Clock; intervalS: number }): Promise<AuditStatus> {
  const { store } = deps;
  const head = await readAuditHead(store);
  const [latest, all] = await Promise.all([store.lastCheckpoint(), store.checkpoints()]);
  const uncovered = Math.max(0, head.seq - (latest?.seq ?? 0));
  const since = latest ? Date.parse(latest.signedAt) : Date.parse(head.time ?? '');
  const overdue = deps.intervalS > 0 && uncovered > 0 && deps.clock.now().getTime() - since > 2 * deps.intervalS * 1000;
  const chainBreaks = checkCheckpointChain(all);

  let tail: AuditStatus['tail'] = { verified: 0, complete: true, firstBroken: null };
  if (uncovered <= MAX_TAIL) {
    const first = latest ? (await store.page(latest.seq - 1, 1))[0] : undefined;
    const after = first && latest ? { seq: first.seq - 1, hash: first.prevHash } : undefined;
    const report = latest && !first
      ? { verified: 0, firstBroken: { seq: latest.seq, reason: 'AUDIT_TRUNCATED' as const, message: `the record ${latest.seq} that the latest checkpoint covers is missing` } }
      : await verifyAuditChain(store, { ...(after ? { after } : {}), checkpoints: latest ? [{ seq: latest.seq, hash: latest.hash }] : [] });
    tail = { verified: report.verified, complete: true, firstBroken: report.firstBroken ?? null };
  } else {
    tail = { verified: 0, complete: false, firstBroken: null };
  }
  return {
    head,
    checkpoint: latest ? { index: latest.index, seq: latest.seq, signedAt: latest.signedAt, keyId: latest.keyId } : null,
    uncovered, overdue,
    checkpointChain: { total: all.length, firstBroken: chainBreaks[0] ?? null },
    tail,
  };
}
