// The latest signed audit checkpoint with its key's certificate chain, for publication beside the
// trust list: everyone who fetches the list keeps a copy that the database cannot take back.
import { z } from 'zod';
import { chainedCheckpointSchema } from '../../domain/audit-checkpoint.ts';
import type { AuditCheckpoint } from '../../domain/audit-checkpoint.ts';
import { AppError } from '../../domain/errors.ts';
import type { PublishedAuditCheckpoint } from '../../domain/trust-list.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import type { KeyVault } from '../../ports/key-vault.ts';

export async function publishedCheckpoint(store: AuditStore, vault: Pick<KeyVault, 'info'>): Promise<PublishedAuditCheckpoint | null> {
  const cp = await store.lastCheckpoint();
  if (cp === null) return null;
  const [id, version] = cp.keyId.split('#');
  const chain = (await vault.info(id as string, version ? Number(version) : undefined))?.certificateChain ?? [];
  return {
    checkpoint: { index: cp.index, prevDigest: cp.prevDigest, seq: cp.seq, hash: cp.hash, signedAt: cp.signedAt, keyId: cp.keyId, signature: cp.signature },
    certificateChain: chain.map((der) => Buffer.from(der).toString('base64')),
  };
}

const savedList = z.object({ auditCheckpoint: z.object({ checkpoint: chainedCheckpointSchema }) });

/**
 * The chained audit checkpoint published in a saved copy of a trust list, to compare with the
 * database like a witness. Throws ERR_VALIDATION when the list carries none.
 */
export function readPublishedCheckpoint(text: string): AuditCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('ERR_VALIDATION', 'not a trust list: not JSON');
  }
  const r = savedList.safeParse(parsed);
  if (!r.success) throw new AppError('ERR_VALIDATION', 'the trust list carries no chained audit checkpoint');
  return r.data.auditCheckpoint.checkpoint;
}
