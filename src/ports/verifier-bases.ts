/** The legal basis on which a registered verifier system sees licences in full. */
export interface VerifierBasis {
  readonly clientId: string;
  /** E.g. the regulation and article, or the data-sharing agreement's reference. */
  readonly basis: string;
  readonly grantedBy: string;
  readonly grantedAt: string;
}

/** Legal bases of verifier systems; owned by the verification use cases. */
export interface VerifierBases {
  find(clientId: string): Promise<VerifierBasis | null>;
  /** Inserts or replaces the client's basis. */
  save(basis: VerifierBasis): Promise<void>;
  /** Removes it; false when there was none. */
  remove(clientId: string): Promise<boolean>;
  all(): Promise<VerifierBasis[]>;
}
