/** A government app registered to sign people in through the service. */
export interface RegisteredApp {
  clientId: string;
  /** OpenID Connect client metadata (snake_case, as in the Dynamic Client Registration spec). */
  metadata: Record<string, unknown>;
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
