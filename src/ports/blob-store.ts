/** A stored blob's bytes and content type. */
export interface StoredBlob {
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/**
 * Immutable byte objects by key (licence PDFs, signatures, signed data). A database table, a
 * directory or an S3-compatible bucket can stand behind it.
 */
export interface BlobStore {
  /** Stores a blob; fails with ERR_CONFLICT when the key exists with other bytes. */
  put(key: string, contentType: string, bytes: Uint8Array): Promise<void>;
  /** The blob, or null. */
  get(key: string): Promise<StoredBlob | null>;
  /** Removes a blob; no error when it is absent. */
  delete(key: string): Promise<void>;
}
