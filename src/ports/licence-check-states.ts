// One read that says whether anything a licence verification depends on has changed: the
// licence row (by handle), its stored content, and stamps for its stored signature (the digest
// kept beside it), its history, its successor, one seal's registry entry, the latest seal CRL and
// the seal-maker CA.
import type { LicenceRecord } from '../domain/licence.ts';

export interface LicenceCheckStateQuery {
  readonly handle: string;
  /** Blob keys of the version expected under the handle (none on a first look). */
  readonly contentKey: string | null;
  readonly signatureKey: string | null;
  /** The seal code whose registry entry the stamp covers (none on a first look). */
  readonly sealCode: string | null;
  /** The vault key id of the seal-maker CA. */
  readonly caKeyId: string;
}

export interface LicenceCheckState {
  readonly record: LicenceRecord;
  /**
   * Equal for two reads only when the stored signature's digest, the history, the successor, the
   * named seal's registry entry, the latest CRL and the seal-maker CA certificates are the same.
   */
  readonly stamp: string;
  /** The content; empty when a sealed copy fails its check (it then matches no register digest: TAMPERED). */
  readonly content: Uint8Array | null;
}

export interface LicenceCheckStates {
  /** The state under `handle`, or null when no licence has it. Throws when the store cannot be read. */
  read(query: LicenceCheckStateQuery): Promise<LicenceCheckState | null>;
}
