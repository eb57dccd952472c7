// The latest signed audit checkpoint with its key's certificate chain, for publication beside the
// trust list: everyone who fetches the list keeps a copy that the database cannot take back.
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
