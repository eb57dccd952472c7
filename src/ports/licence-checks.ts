// What verifying a licence reads besides the licence row: its history, the version that replaced
// it, its stored content and signature, the seal registry and the trust material. The use cases
// take a LicenceChecks; the composition root decides whether reads go straight to the stores or
// through a wrapper that replays them while nothing they depend on has changed.
import type { LicenceEvent, LicenceRecord } from '../domain/licence.ts';
import type { SealStore } from './seal-store.ts';

/** Trust material for verifying seals: anchors (never from the database), candidate intermediates, CRLs. */
export interface VerificationTrust {
  anchors: Uint8Array[];
  intermediates: Uint8Array[];
  crls: Uint8Array[];
}

export interface LicenceBlobs {
  readonly content: Uint8Array | null;
  readonly signature: Uint8Array | null;
}

/** The reads of one licence assessment. Each throws when its store cannot answer. */
export interface LicenceReads {
  events(licenceId: string): Promise<LicenceEvent[]>;
  successor(licenceId: string): Promise<LicenceRecord | null>;
  /** The signed content and (when asked) the stored SES signature, read together. */
  blobs(licenceId: string, withSignature: boolean): Promise<LicenceBlobs>;
  trust(): Promise<VerificationTrust>;
  seals: Pick<SealStore, 'findByCode' | 'events'>;
}

/** A licence version and the reads to assess it with. */
export interface LicenceCheck {
  readonly record: LicenceRecord;
  readonly reads: LicenceReads;
}

export interface LicenceChecks {
  /** The licence under a QR handle (null: none) with its reads. Throws when the store cannot answer. */
  byHandle(handle: string): Promise<LicenceCheck | null>;
  /** The reads for a licence found another way (identifier, share, file). Throws when the store cannot answer. */
  forRecord(record: LicenceRecord): Promise<LicenceCheck>;
}
