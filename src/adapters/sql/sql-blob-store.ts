import type { Knex } from 'knex';
import { sm3 } from '../../crypto/sm3.ts';
import { AppError } from '../../domain/errors.ts';
import type { BlobStore, StoredBlob } from '../../ports/blob-store.ts';
import type { FileSealer } from '../../ports/file-sealer.ts';
import { isDuplicateKey, sqlCall } from './sql-errors.ts';

interface Row { blob_key: string; content_type: string; bytes: Buffer | Uint8Array; sm3: string; size: number | string }

const MAX_KEY = 200;

/**
 * Blobs in the `stored_blobs` table. Given a transaction, its writes commit or roll back with it;
 * that is what lets an issuance store its PDF and its licence row all-or-nothing. With a sealer
 * the bytes are sealed at rest; the `sm3` column is the digest of the file itself either way.
 */
export class SqlBlobStore implements BlobStore {
  private readonly db: Knex | Knex.Transaction;
  private readonly sealer: FileSealer | null;

  constructor(db: Knex | Knex.Transaction, sealer: FileSealer | null = null) {
    this.db = db;
    this.sealer = sealer;
  }

  async put(key: string, contentType: string, bytes: Uint8Array): Promise<void> {
    if (key.length === 0 || key.length > MAX_KEY) throw new AppError('ERR_VALIDATION', 'blob key must be 1–200 characters');
    const digest = Buffer.from(sm3(bytes)).toString('hex');
    const stored = this.sealer === null ? bytes : await this.sealer.seal(key, bytes);
    try {
      await sqlCall(() => this.db('stored_blobs').insert({ blob_key: key, content_type: contentType, bytes: Buffer.from(stored), sm3: digest, size: bytes.length }));
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Writing the same bytes again is a retry, not a clash.
      const existing = await sqlCall(() => this.db<Row>('stored_blobs').where('blob_key', key).first('sm3'));
      if (existing?.sm3 !== digest) throw new AppError('ERR_CONFLICT', 'a different blob exists under this key', { details: { key } });
    }
  }

  async get(key: string): Promise<StoredBlob | null> {
    const row = await sqlCall(() => this.db<Row>('stored_blobs').where('blob_key', key).first());
    if (row === undefined) return null;
    const bytes = new Uint8Array(row.bytes);
    return { contentType: row.content_type, bytes: this.sealer === null ? bytes : await this.sealer.open(key, bytes) };
  }

  async delete(key: string): Promise<void> {
    await sqlCall(() => this.db('stored_blobs').where('blob_key', key).delete());
  }
}
