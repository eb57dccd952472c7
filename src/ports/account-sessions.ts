/** What ending an account's sign-ins did: sessions and grants removed, apps told by back channel. */
export interface EndedSessions {
  sessions: number;
  grants: number;
  /** Apps sent a back-channel logout token, and whether each accepted it. */
  backchannel: { clientId: string; ok: boolean; error?: string }[];
}

/** One open sign-in session of an account, as its owner may see it. */
export interface ActiveSession {
  /** A handle naming the session on the account pages; not the browser's session cookie value. */
  id: string;
  /** The session's uid, as access tokens name it (to recognise the session a page was reached with); never shown. */
  uid: string;
  /** When the person signed in (epoch seconds). */
  signedInAt: number;
  /** The last sign-in request seen in the session (epoch seconds). */
  lastActiveAt: number;
  acr: string | null;
  amr: string[];
  /** Browser and address of the sign-in, when recorded (session-devices.ts). */
  device: { userAgent: string | null; ip: string | null } | null;
  /** Apps signed in to in this session. */
  apps: { clientId: string; name: string }[];
}

/** The identity provider's sign-in sessions of one account, across every service process. */
export interface AccountSessions {
  /**
   * End every sign-in session of the account and remove its grants with their tokens; each app
   * it signed in to with a back-channel logout URI receives a logout token.
   */
  endAll(accountId: string): Promise<EndedSessions>;
  /** The account's open sign-in sessions, the most recently active first. */
  list(accountId: string): Promise<ActiveSession[]>;
  /**
   * End one session of the account (by `ActiveSession.id`) as endAll does each: logout tokens to
   * its apps with a back-channel logout URI, the grants it used revoked with their tokens. Ending
   * a session that is gone, or another account's, ends nothing.
   */
  end(accountId: string, id: string): Promise<EndedSessions>;
}
