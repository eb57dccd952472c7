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

/** A signed statement "the audit record at `seq` has hash `hash`", made periodically. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  signedAt: string;
  /** Vault key and version that signed, e.g. `audit-checkpoint#1`. */
  keyId: string;
  /** Base64 DER SM2 signature over {@link checkpointPayload}. */
  signature: string;
}

/** The exact bytes a checkpoint signature covers. */
export function checkpointPayload(cp: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(['yinxin-audit-checkpoint-v1', cp.seq, cp.hash, cp.signedAt, cp.keyId]));
}
