import type { Seal, SealEvent, SealGrant, SealStatus, SealUse } from '../domain/seal.ts';

export type { Seal, SealEvent, SealGrant, SealUse };

/** Which seals to list. */
export interface SealFilter {
  ownerKind?: Seal['owner']['kind'];
  ownerId?: string;
  statuses?: readonly SealStatus[];
  /** Seals whose validEnd is at or before this ISO time (for the expiry sweep). */
  validEndBefore?: string;
}

/** The seal registry: seals and the history of their status. */
export interface SealStore {
  /** Insert a new seal with its first event; ERR_CONFLICT when the id or code exists. */
  create(seal: Seal, event: SealEvent): Promise<void>;
  /** The seal, or null. */
  find(id: string): Promise<Seal | null>;
  /** The seal with this 13-character code, or null. */
  findByCode(code: string): Promise<Seal | null>;
  /** Seals matching the filter, oldest first (at most `limit`, default 1000). */
  list(filter: SealFilter, limit?: number): Promise<Seal[]>;
  /**
   * Store `seal` (whose `version` is one more than `expectedVersion`) and append `event`, both or
   * neither. ERR_CONFLICT when the stored version is not `expectedVersion` (someone changed it
   * first) or the code is taken; ERR_NOT_FOUND when there is no such seal.
   */
  update(seal: Seal, expectedVersion: number, event: SealEvent | null): Promise<void>;
  /** Every status change of a seal, oldest first. */
  events(sealId: string): Promise<SealEvent[]>;
  /** The next number of a named sequence (1, 2, …), atomically across processes. */
  nextSequence(name: string): Promise<number>;
}

/** Who may use which seal, and the record of each use. */
export interface SealGrantStore {
  /** Insert a grant; ERR_CONFLICT when the id exists. */
  addGrant(grant: SealGrant): Promise<void>;
  /** The grant, or null. */
  findGrant(id: string): Promise<SealGrant | null>;
  /** Mark a grant ended; false when it was already ended or does not exist. */
  endGrant(id: string, endedAt: string, endedBy: string): Promise<boolean>;
  /** Grants of a seal (or of an account to any seal), including ended ones, oldest first. */
  grants(filter: { sealId?: string; accountId?: string }): Promise<SealGrant[]>;
  /** Record a completed stamp. */
  recordUse(use: SealUse): Promise<void>;
  /** Uses of a seal, oldest first (at most `limit`, default 1000). */
  uses(sealId: string, limit?: number): Promise<SealUse[]>;
}

/** A CRL issued by the seal-maker CA. */
export interface IssuedCrl {
  /** cRLNumber. */
  number: number;
  thisUpdate: string;
  nextUpdate: string;
  der: Uint8Array;
}

/** CRLs of the seal-maker CA, numbered. */
export interface SealCrlStore {
  /** Store a CRL; false (storing nothing) when its number is taken. */
  save(crl: IssuedCrl): Promise<boolean>;
  /** The CRL with the highest number, or null before the first. */
  latest(): Promise<IssuedCrl | null>;
}
