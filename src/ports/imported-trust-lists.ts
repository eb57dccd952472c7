import type { SignedTrustList } from '../domain/trust-list.ts';

/** Another platform's trust list as imported here, and whether this platform trusts it. */
export interface ImportedTrustList {
  /** The publishing platform's public URL: one list per platform, replaced by newer imports. */
  readonly publisherUrl: string;
  readonly organisation: string;
  /** SM3 (hex) of the list's root certificate, as pinned by the operator. */
  readonly rootSm3: string;
  /** False: known (the verdict says whose it is) but not relied on. */
  readonly trusted: boolean;
  readonly issuedAt: string;
  readonly importedAt: string;
  readonly signed: SignedTrustList;
}

/** Imported trust lists of other platforms; owned by the verification use cases. */
export interface ImportedTrustLists {
  /** Inserts or replaces the platform's list. */
  save(entry: ImportedTrustList): Promise<void>;
  /** The platform's list, or null. */
  find(publisherUrl: string): Promise<ImportedTrustList | null>;
  /** Every imported list. */
  all(): Promise<ImportedTrustList[]>;
}
