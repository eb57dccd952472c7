/** What ending an account's sign-ins did: sessions and grants removed, apps told by back channel. */
export interface EndedSessions {
  sessions: number;
  grants: number;
  /** Apps sent a back-channel logout token, and whether each accepted it. */
  backchannel: { clientId: string; ok: boolean; error?: string }[];
}

/** The identity provider's sign-in sessions of one account, across every service process. */
export interface AccountSessions {
  /**
   * End every sign-in session of the account and remove its grants with their tokens; each app
   * it signed in to with a back-channel logout URI receives a logout token.
   */
  endAll(accountId: string): Promise<EndedSessions>;
}
