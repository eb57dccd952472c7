// What a licence assessment reads besides the licence row: its history, the version that
// replaced it, its stored content and signature, the seal registry and the trust material.
// `storeReads` reads them from the stores; check-snapshots.ts replays them when one query shows
// that nothing they depend on has changed.
import type { LicenceEvent, LicenceRecord } from '../../domain/licence.ts';
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

export function storeReads(deps: VerificationDeps): LicenceReads {
  const store = deps.licences.store;
  return {
    events: (id) => store.events(id),
    successor: (id) => store.findSuccessor(id),
    blobs: (id, withSignature) => {
      const keys = licenceBlobKeys(id);
      return store.transaction(async (tx) => ({
        content: (await tx.blobs.get(keys.content))?.bytes ?? null,
        signature: withSignature ? (await tx.blobs.get(keys.signature))?.bytes ?? null : null,
      }));
    },
    trust: () => verificationTrust(deps.seals),
    seals: deps.seals.seals,
  };
}
