// Signed checkpoints over the audit chain, themselves chained: each names its place in the
// checkpoint chain (a counter) and the digest of the checkpoint before it, so one cannot be
// deleted, replaced or reordered without breaking the chain of the ones after it. Checkpoints made
// before they were chained (payload v1) carry no counter; they are still verified, and the first
// chained checkpoint links to the last of them.
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** A signed statement "the audit record at `seq` has hash `hash`", made periodically. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  signedAt: string;
  /** Vault key and version that signed, e.g. `audit-checkpoint#1`. */
  keyId: string;
  /** Base64 DER SM2 signature over {@link checkpointPayload}. */
  signature: string;
  /** Place in the checkpoint chain, from 1; null for a v1 checkpoint made before chaining. */
  index: number | null;
  /** {@link checkpointDigest} of the checkpoint before (64 zeros for the first); null for v1. */
  prevDigest: string | null;
}

/** prevDigest of the first chained checkpoint when no v1 checkpoint precedes it. */
export const CHECKPOINT_GENESIS = '0'.repeat(64);

const text = (cp: Omit<AuditCheckpoint, 'signature'>): string => (cp.index === null
  ? JSON.stringify(['yinxin-audit-checkpoint-v1', cp.seq, cp.hash, cp.signedAt, cp.keyId])
  : JSON.stringify(['yinxin-audit-checkpoint-v2', cp.index, cp.prevDigest, cp.seq, cp.hash, cp.signedAt, cp.keyId]));

/** The exact bytes a checkpoint signature covers (v1 or v2, by whether it has a counter). */
export function checkpointPayload(cp: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  return new TextEncoder().encode(text(cp));
}

/** Hex SM3 over the payload and the signature: what the next checkpoint signs as its predecessor. */
export function checkpointDigest(cp: AuditCheckpoint): string {
  return createHash('sm3').update(JSON.stringify(['yinxin-audit-checkpoint-digest', text(cp), cp.signature]), 'utf8').digest('hex');
}

/** Same checkpoint: same signed content and signature. */
export function sameCheckpoint(a: AuditCheckpoint, b: AuditCheckpoint): boolean {
  return checkpointDigest(a) === checkpointDigest(b);
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** A chained checkpoint as kept outside the database (witness lines, published copies). */
export const chainedCheckpointSchema = z.strictObject({
  index: z.number().int().min(1),
  prevDigest: hex64,
  seq: z.number().int().min(1),
  hash: hex64,
  signedAt: z.iso.datetime(),
  keyId: z.string().min(1).max(128),
  signature: z.string().min(1).max(512).regex(/^[A-Za-z0-9+/=]+$/),
});
