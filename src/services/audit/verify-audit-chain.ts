// Verify the audit chain from the first record to the last.
// Steps: read records in seq order, page by page → for each: the seq is the next expected one
// (else a record is missing) → its hash matches its fields (else it was edited or moved) → its
// prevHash matches the previous record's hash (else a record was inserted, removed or reordered
// before it) → after the walk, each signed checkpoint names a seq that exists with that hash
// (else the log was truncated or rewritten).
import { GENESIS_HASH, hashAuditRecord } from '../../domain/audit-record.ts';
import type { AuditStore } from '../../ports/audit-store.ts';

export type AuditBreak =
  | 'AUDIT_RECORD_MISSING'
  | 'AUDIT_RECORD_ALTERED'
  | 'AUDIT_LINK_BROKEN'
  | 'AUDIT_CHECKPOINT_MISMATCH'
  | 'AUDIT_CHECKPOINT_SIGNATURE'
  | 'AUDIT_TRUNCATED'
  | 'AUDIT_CHECKPOINT_MISSING'
  | 'AUDIT_CHECKPOINT_CHAIN_BROKEN'
  | 'AUDIT_CHECKPOINT_UNWITNESSED'
  | 'AUDIT_WITNESS_MISMATCH'
  | 'AUDIT_WITNESS_UNREADABLE'
  | 'AUDIT_CHECKPOINT_OVERDUE';

/** One break: the record it concerns (0 for none), the checkpoint when it is about one, and why. */
export interface AuditFinding {
  seq: number;
  /** Index of the checkpoint concerned, when the finding is about one. */
  checkpoint?: number;
  reason: AuditBreak;
  message: string;
}

export interface AuditChainReport {
  ok: boolean;
  /** Records that verified before the first break (all of them when ok). */
  verified: number;
  head: { seq: number; hash: string } | null;
  firstBroken?: AuditFinding;
}

/** A checkpoint whose signature the caller has already checked: "record seq has this hash". */
export interface TrustedCheckpoint {
  seq: number;
  hash: string;
}

const PAGE = 1000;

export async function verifyAuditChain(
  store: AuditStore,
  opts: { checkpoints?: TrustedCheckpoint[]; after?: TrustedCheckpoint } = {},
): Promise<AuditChainReport> {
  const wanted = new Map((opts.checkpoints ?? []).map((c) => [c.seq, c.hash]));
  // `after`: start behind a record already trusted (a checkpoint's), walking only the tail.
  let prev: { seq: number; hash: string } | null = opts.after ?? null;
  let verified = 0;
  const broken = (seq: number, reason: AuditBreak, message: string): AuditChainReport =>
    ({ ok: false, verified, head: prev, firstBroken: { seq, reason, message } });

  for (;;) {
    const records = await store.page(prev?.seq ?? 0, PAGE);
    for (const r of records) {
      const expected: number = (prev?.seq ?? 0) + 1;
      if (r.seq !== expected) {
        return broken(expected, 'AUDIT_RECORD_MISSING', `record ${expected} is missing (next present is ${r.seq})`);
      }
      if (hashAuditRecord(r) !== r.hash) {
        return broken(r.seq, 'AUDIT_RECORD_ALTERED', `record ${r.seq} does not match its hash: edited, moved or replaced`);
      }
      if (r.prevHash !== (prev?.hash ?? GENESIS_HASH)) {
        return broken(r.seq, 'AUDIT_LINK_BROKEN', `record ${r.seq} does not follow record ${r.seq - 1}: a record was inserted, removed or reordered`);
      }
      const cp = wanted.get(r.seq);
      if (cp !== undefined && cp !== r.hash) {
        return broken(r.seq, 'AUDIT_CHECKPOINT_MISMATCH', `record ${r.seq} differs from the signed checkpoint`);
      }
      prev = { seq: r.seq, hash: r.hash };
      verified++;
    }
    if (records.length < PAGE) break;
  }
  const beyond = [...wanted.keys()].filter((seq) => seq > (prev?.seq ?? 0)).sort((a, b) => a - b)[0];
  if (beyond !== undefined) {
    return broken((prev?.seq ?? 0) + 1, 'AUDIT_TRUNCATED', `the log ends at ${prev?.seq ?? 0} but a signed checkpoint covers record ${beyond}`);
  }
  return { ok: true, verified, head: prev };
}
