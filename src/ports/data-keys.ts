/**
 * Symmetric keys for personal data at rest, one family per purpose (`id-number`, `id-index`,
 * `totp`). They are kept wrapped under the key-encryption keys, never in the clear in the database.
 */
export interface DataKeys {
  /** The current key of a purpose, created on first use. `id` names it inside ciphertexts. */
  current(purpose: string): Promise<{ id: string; key: Uint8Array }>;
  /** A key by the id a ciphertext names; undefined when unknown. */
  byId(id: string): Promise<Uint8Array | undefined>;
}
