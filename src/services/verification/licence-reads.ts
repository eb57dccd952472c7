// The licence checks read straight from the stores: the licence by handle, its history, the
// version that replaced it, its stored content and signature (read together), the seal registry
// and the trust material. The composition root may wrap them (adapters/verification).
import { isAppError } from '../../domain/errors.ts';
import { licenceBlobKeys } from '../../domain/licence.ts';
import type { StoredBlob } from '../../ports/blob-store.ts';
import type { LicenceChecks, LicenceReads } from '../../ports/licence-checks.ts';
import type { LicenceStore } from '../../ports/licence-store.ts';
import { verificationTrust } from '../seals/verification-trust.ts';
import type { VerifySealDeps } from '../seals/verify-sealed-pdf.ts';

/**
 * A stored file's bytes; empty when its sealed copy fails its check. Empty bytes match no
 * register digest and parse as no signature, so the verdict is TAMPERED, not CANNOT_CONFIRM.
 */
async function fileOrEmpty(read: () => Promise<StoredBlob | null>): Promise<Uint8Array | null> {
  try {
    return (await read())?.bytes ?? null;
  } catch (e) {
    if (isAppError(e, 'ERR_DOCUMENT_INVALID')) return new Uint8Array(0);
    throw e;
  }
}

export function storeLicenceChecks(deps: { licences: { store: LicenceStore }; seals: VerifySealDeps }): LicenceChecks {
  const store = deps.licences.store;
  const reads: LicenceReads = {
    events: (id) => store.events(id),
    successor: (id) => store.findSuccessor(id),
    blobs: (id, withSignature) => {
      const keys = licenceBlobKeys(id);
      return store.transaction(async (tx) => ({
        content: await fileOrEmpty(() => tx.blobs.get(keys.content)),
        signature: withSignature ? await fileOrEmpty(() => tx.blobs.get(keys.signature)) : null,
      }));
    },
    trust: () => verificationTrust(deps.seals),
    seals: deps.seals.seals,
  };
  return {
    byHandle: async (handle) => {
      const record = await store.findByHandle(handle);
      return record === null ? null : { record, reads };
    },
    forRecord: async (record) => ({ record, reads }),
  };
}
