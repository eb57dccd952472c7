/**
 * Key-value store for short-lived shared state: OpenID Connect artefacts, sessions, one-time
 * codes, rate-limit counters. Values are opaque strings (callers serialise). Every operation is
 * atomic on its own; implementations must be safe when several service processes share one store.
 */
export interface KvStore {
  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Store a value, replacing any previous one; `ttlSeconds` (a positive whole number) makes it expire. */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Remove a key (a plain key or a set); absent keys are not an error. */
  delete(key: string): Promise<void>;
  /** Atomically read and remove: of two concurrent takes of one key, only one gets the value. */
  take(key: string): Promise<string | null>;
  /**
   * Atomically add 1 and return the new count. The TTL starts when the counter is created
   * and is not extended by later increments (fixed-window rate limits).
   */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Add a member to a set (for group revocation, e.g. all tokens of one grant). */
  setAdd(setKey: string, member: string, ttlSeconds?: number): Promise<void>;
  /** The members of a set, in no particular order; empty when absent. */
  setMembers(setKey: string): Promise<string[]>;
}

/** Lifecycle of a backing connection: readiness checks and shutdown. */
export interface Connection {
  /** Resolves when the backend answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
