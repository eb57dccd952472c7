import type { LicenceEvent, LicenceRecord, LicenceStatus } from '../domain/licence.ts';
import type { BlobStore } from './blob-store.ts';

/** What an issuing department looks for among its licences; every given part must match. */
export interface IssuerLicenceQuery {
  readonly identifier?: string;
  /** Blind index of the holder's ID number or credit code. */
  readonly holderKeys?: readonly string[];
  readonly typeCode?: string;
  readonly status?: LicenceStatus;
  readonly limit: number;
  readonly offset: number;
}

/** Writes that commit or roll back together. */
export interface LicenceTransaction {
  /** Blobs written in the same transaction as the licence rows. */
  readonly blobs: BlobStore;
  /**
   * Inserts a new licence. Resolves false (writing nothing) when a licence with the same issuer
   * and idempotency key exists; other unique clashes (identifier, handle) throw ERR_CONFLICT.
   */
  insert(licence: LicenceRecord): Promise<boolean>;
  /**
   * Sets the status if it is still `from`; resolves false when another change came first.
   */
  setStatus(id: string, from: LicenceStatus, to: LicenceStatus): Promise<boolean>;
  /** Appends to a licence's history; its seq must be the next one (ERR_CONFLICT otherwise). */
  addEvent(event: LicenceEvent): Promise<void>;
  /** A licence read inside the transaction. */
  findById(id: string): Promise<LicenceRecord | null>;
  /** The licence's history, oldest first. */
  events(licenceId: string): Promise<LicenceEvent[]>;
}

/** Licences, their history and their files. */
export interface LicenceStore {
  /** Runs `work` in one transaction: everything it writes commits together, or nothing does. */
  transaction<T>(work: (tx: LicenceTransaction) => Promise<T>): Promise<T>;
  findById(id: string): Promise<LicenceRecord | null>;
  findByIdentifier(identifier: string): Promise<LicenceRecord | null>;
  findByHandle(handle: string): Promise<LicenceRecord | null>;
  findByIdempotencyKey(issuerCode: string, key: string): Promise<LicenceRecord | null>;
  /** The history of one licence version, oldest first. */
  events(licenceId: string): Promise<LicenceEvent[]>;
  /** The version that replaced this one, if any. */
  findSuccessor(id: string): Promise<LicenceRecord | null>;
  /** Licences of a holder (by blind index), newest first. */
  listByHolder(holderKey: string): Promise<LicenceRecord[]>;
  /** An issuing department's licences (every version), newest first, a page at a time, and how many match. */
  listByIssuer(issuerCode: string, query: IssuerLicenceQuery): Promise<{ licences: LicenceRecord[]; total: number }>;
  /** Up to `limit` licences still valid or suspended whose validity ended on or before `lastDay`. */
  listLapsing(lastDay: string, limit: number): Promise<LicenceRecord[]>;
  /**
   * Removes a licence version, its history and its blobs (undoing an issuance whose audit entry
   * failed). A version it superseded gets its previous status back and loses the supersede entry.
   */
  discard(id: string, blobKeys: readonly string[]): Promise<void>;
}
