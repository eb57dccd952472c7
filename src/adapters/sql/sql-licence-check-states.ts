// The licence check state in one statement: the licence row by handle with scalar subqueries
// for everything else, so that a verification of an unchanged licence costs one round trip.
// The tables are the licence, seal, CRL and vault stores' own; this adapter only reads them.
import type { Knex } from 'knex';
import { isAppError } from '../../domain/errors.ts';
import type { FileSealer } from '../../ports/file-sealer.ts';
import type { LicenceCheckState, LicenceCheckStateQuery, LicenceCheckStates } from '../../ports/licence-check-states.ts';
import { licenceFromRow } from './sql-licence-store.ts';
import type { LicenceRow } from './sql-licence-store.ts';
import { sqlCall } from './sql-errors.ts';

const STATEMENT = `SELECT l.*,
  (SELECT MAX(e.seq) FROM licence_events e WHERE e.licence_id = l.id) AS check_last_event,
  (SELECT n.id FROM licences n WHERE n.previous_id = l.id LIMIT 1) AS check_successor,
  (SELECT b.bytes FROM stored_blobs b WHERE b.blob_key = ?) AS check_content,
  (SELECT b.sm3 FROM stored_blobs b WHERE b.blob_key = ?) AS check_signature_sm3,
  (SELECT s.version FROM seals s WHERE s.code = ?) AS check_seal_version,
  (SELECT MAX(c.number) FROM seal_crls c) AS check_crl,
  (SELECT k.version FROM vault_keys k WHERE k.key_id = ? ORDER BY k.version DESC LIMIT 1) AS check_ca_version,
  (SELECT k.certificate_chain FROM vault_keys k WHERE k.key_id = ? ORDER BY k.version DESC LIMIT 1) AS check_ca_chain
FROM licences l WHERE l.handle = ?`;

interface StateRow extends LicenceRow {
  check_last_event: number | string | null; check_successor: string | null; check_content: Buffer | null; check_signature_sm3: string | null;
  check_seal_version: number | string | null; check_crl: number | string | null; check_ca_version: number | string | null; check_ca_chain: string | null;
}

export class SqlLicenceCheckStates implements LicenceCheckStates {
  readonly #knex: Knex;
  readonly #mysql: boolean;
  readonly #sealer: FileSealer | null;

  /** `sealer`: the licence store's, when its files are sealed at rest. */
  constructor(knex: Knex, sealer: FileSealer | null = null) {
    this.#knex = knex;
    this.#mysql = knex.client.dialect === 'mysql';
    this.#sealer = sealer;
  }

  async read(q: LicenceCheckStateQuery): Promise<LicenceCheckState | null> {
    const result = await sqlCall(() => this.#knex.raw(STATEMENT, [q.contentKey, q.signatureKey, q.sealCode, q.caKeyId, q.caKeyId, q.handle]));
    const rows = (this.#mysql ? (result as [StateRow[]])[0] : result) as StateRow[];
    const r = rows[0];
    if (r === undefined) return null;
    const stamp = [
      `${q.signatureKey ?? '-'}:${r.check_signature_sm3 ?? '-'}`, r.check_last_event ?? '-', r.check_successor ?? '-', `${q.sealCode ?? '-'}:${r.check_seal_version ?? '-'}`, r.check_crl ?? '-',
      `${r.check_ca_version ?? '-'}:${r.check_ca_chain ?? '-'}`,
    ].join('|');
    return { record: licenceFromRow(r), stamp, content: await this.#open(q.contentKey, r.check_content) };
  }

  /** The content as stored (the drivers give each row its own Buffer) or opened; see LicenceCheckState. */
  async #open(key: string | null, stored: Buffer | null): Promise<Uint8Array | null> {
    if (stored === null || key === null || this.#sealer === null) return stored;
    try {
      return await this.#sealer.open(key, stored);
    } catch (e) {
      if (isAppError(e, 'ERR_DOCUMENT_INVALID')) return new Uint8Array(0);
      throw e;
    }
  }
}
