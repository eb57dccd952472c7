import type { AuditCheckpoint, AuditRecord } from '../domain/audit-record.ts';

export type { AuditCheckpoint, AuditRecord };

/** Append-only storage of the audit chain. */
export interface AuditStore {
  /** The record with the highest seq, or null for an empty log. */
  last(): Promise<AuditRecord | null>;
  /** Insert a record; resolves false (writing nothing) when its seq is already taken. */
  insertIfAbsent(record: AuditRecord): Promise<boolean>;
  /**
   * Insert consecutive records all or none (one transaction, one commit); resolves false, writing
   * nothing, when any of their seqs is taken. Optional: without it records go one at a time.
   */
  insertAllIfAbsent?(records: readonly AuditRecord[]): Promise<boolean>;
  /** Up to `limit` records with seq > `afterSeq`, ascending. */
  page(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /**
   * Store a signed checkpoint; false, writing nothing, when one for that seq or that chain index
   * exists already (another process checkpointed first).
   */
  addCheckpoint(cp: AuditCheckpoint): Promise<boolean>;
  /** Every checkpoint, ascending by seq. */
  checkpoints(): Promise<AuditCheckpoint[]>;
  /** The head of the checkpoint chain: the highest index, else (none chained yet) the highest seq. */
  lastCheckpoint(): Promise<AuditCheckpoint | null>;
  /** Up to `limit` chained checkpoints with index ≥ `index`, ascending by index. */
  checkpointsFrom(index: number, limit: number): Promise<AuditCheckpoint[]>;
}
