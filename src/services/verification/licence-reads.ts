// What a licence assessment reads besides the licence row: its history, the version that
// replaced it, its stored content and signature, the seal registry and the trust material.
// `storeReads` reads them from the stores; check-snapshots.ts replays them when one query shows
// that nothing they depend on has changed.
import { isAppError } from '../../domain/errors.ts';
import type { LicenceEvent, LicenceRecord } from '../../domain/licence.ts';
import type { StoredBlob } from '../../ports/blob-store.ts';
import type { SealStore } from '../../ports/seal-store.ts';
import { licenceBlobKeys } from '../licences/licence-deps.ts';
import { verificationTrust } from '../seals/verification-trust.ts';
import type { VerificationTrust } from '../seals/verification-trust.ts';
import type { VerificationDeps } from './verification-deps.ts';

export interface LicenceBlobs {
  readonly content: Uint8Array | null;
  readonly signature: Uint8Array | null;
}

export interface LicenceReads {
  events(licenceId: string): Promise<LicenceEvent[]>;
  successor(licenceId: string): Promise<LicenceRecord | null>;
  /** The signed content and (when asked) the stored SES signature, read together. */
  blobs(licenceId: string, withSignature: boolean): Promise<LicenceBlobs>;
  trust(): Promise<VerificationTrust>;
  seals: Pick<SealStore, 'findByCode' | 'events'>;
}

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

export function storeReads(deps: VerificationDeps): LicenceReads {
  const store = deps.licences.store;
  return {
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
}
