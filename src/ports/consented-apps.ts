/** An app the person allowed to sign them in, with what it may read. */
export interface ConsentedApp {
  clientId: string;
  name: string;
  /** `first_party` (the city's own) or `third_party`. */
  kind: string;
  /** Every scope the account's grants to this app hold. */
  scopes: string[];
  /** The newest of those grants (epoch seconds). */
  grantedAt: number;
}

/** The identity provider's grants (consents) of one account, grouped by app. */
export interface ConsentedApps {
  /** Apps the account has a standing grant for, the most recent first. */
  list(accountId: string): Promise<ConsentedApp[]>;
  /** Remove every grant of the account to the app with all tokens issued under them; how many grants went. */
  withdraw(accountId: string, clientId: string): Promise<number>;
}
