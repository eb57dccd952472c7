// Sealing of stored files at rest (licence content, signatures and PDFs carry holders' personal
// data). `open` reads files stored before sealing as they are.
export interface FileSealer {
  /**
   * Loads the current key, so that sealing and opening inside a database transaction need no
   * other connection (an embedded SQLite database has one).
   */
  ready(): Promise<void>;
  /** The bytes to store for `bytes` under `key`. */
  seal(key: string, bytes: Uint8Array): Promise<Uint8Array>;
  /**
   * The file stored under `key`. Throws ERR_DOCUMENT_INVALID when a sealed file fails its check
   * (changed, or moved from another key) and ERR_STORE_UNAVAILABLE when its data key is missing.
   */
  open(key: string, stored: Uint8Array): Promise<Uint8Array>;
}
