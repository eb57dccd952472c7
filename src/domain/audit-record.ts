import { createHash } from 'node:crypto';

/** One record of the audit chain, exactly as stored and hashed. */
export interface AuditRecord {
  seq: number;
  /** ISO 8601 UTC with milliseconds, as hashed. */
  time: string;
  actorId: string | null;
  actorKind: string;
  action: string;
  object: string | null;
  outcome: string;
  clientIp: string | null;
  requestId: string | null;
  /** Canonical JSON of the masked details, as hashed. */
  details: string;
  /** Hex SM3 of the previous record (64 zeros for the first). */
  prevHash: string;
  /** Hex SM3 over this record's fields and prevHash. */
  hash: string;
}

/** prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who did something. `anonymous` for unauthenticated callers, `system` for the service itself. */
export type ActorKind = 'citizen' | 'legal_person' | 'staff' | 'client' | 'system' | 'anonymous';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * SM3 over a fixed-order JSON array of the record's fields and the previous hash. A JSON array of
 * strings, numbers and nulls has exactly one serialisation, and details are already canonical.
 */
export function hashAuditRecord(r: Omit<AuditRecord, 'hash'>): string {
  const input = JSON.stringify([
    'yinxin-audit-v1', r.seq, r.time, r.actorId, r.actorKind, r.action, r.object, r.outcome,
    r.clientIp, r.requestId, r.details, r.prevHash,
  ]);
  return createHash('sm3').update(input, 'utf8').digest('hex');
}

export type { AuditCheckpoint } from './audit-checkpoint.ts';
export { checkpointDigest, checkpointPayload } from './audit-checkpoint.ts';
