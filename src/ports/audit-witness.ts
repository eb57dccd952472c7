import type { AuditCheckpoint } from '../domain/audit-checkpoint.ts';

/** What a witness holds: its checkpoints in the order written, and the places it cannot read. */
export interface WitnessContents {
  checkpoints: AuditCheckpoint[];
  /** 1-based positions (lines) of entries that are not a well-formed checkpoint. */
  unreadable: number[];
}

/**
 * A copy of the signed audit checkpoints kept outside the database (a file beside the keys), so
 * that someone who can only change the database cannot make a checkpoint disappear unnoticed.
 * Append-only: entries are never changed or removed by the service.
 */
export interface AuditWitness {
  /** Where it is, for messages (e.g. the file path). */
  readonly location: string;
  /** Record checkpoints durably (flushed to disk before this resolves), in the order given. */
  append(cps: readonly AuditCheckpoint[]): Promise<void>;
  /** The chained checkpoint with the highest index among the latest entries; null when empty. */
  latest(): Promise<AuditCheckpoint | null>;
  /** Everything recorded. */
  read(): Promise<WitnessContents>;
}
