import type { LicenceUse, LicenceUseConsent } from '../domain/licence-use.ts';

/** Holders' consents to licence use, and the record of every use. */
export interface LicenceUseRecords {
  addConsent(c: LicenceUseConsent): Promise<void>;
  findConsent(id: string): Promise<LicenceUseConsent | null>;
  /** A person's consents, newest first (withdrawn and expired ones too). */
  consentsOf(personId: string): Promise<LicenceUseConsent[]>;
  /**
   * Marks a one-time consent used if it is not yet used or withdrawn; false when another
   * retrieval or a withdrawal came first (so a one-time consent serves once, even in a race).
   */
  markUsed(id: string, at: string): Promise<boolean>;
  /** Withdraws a consent still in force; false when it was withdrawn already or is unknown. */
  withdraw(id: string, at: string): Promise<boolean>;
  addUse(use: LicenceUse): Promise<void>;
  /** Uses of the licences under any of these holder keys, newest first, at most `limit`. */
  usesOf(holderKeys: readonly string[], limit: number): Promise<LicenceUse[]>;
}
