/** A government app registered to sign people in through the service. */
export interface RegisteredApp {
  clientId: string;
  /**
   * OpenID Connect client metadata (snake_case, as in the Dynamic Client Registration spec),
   * never holding `client_secret`: see `secretHash`.
   */
  metadata: Record<string, unknown>;
  /** Digest of the client secret (`sm3:…`, see domain/client-secret.ts); null for public apps. */
  secretHash: string | null;
  /** A disabled app cannot sign anyone in or get tokens; its registration stays for the record. */
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt: string;
}

/** Registered apps (OpenID Connect clients). */
export interface AppStore {
  /** Insert or replace an app's registration. */
  save(app: RegisteredApp): Promise<void>;
  /** The app, or null. */
  find(clientId: string): Promise<RegisteredApp | null>;
  /** Every app, by client id. */
  list(): Promise<RegisteredApp[]>;
  /** Remove an app; false when there was none. */
  remove(clientId: string): Promise<boolean>;
}
