import type { Knex } from 'knex';
import { AppError } from '../../domain/errors.ts';
import type { LicenceEvent, LicenceEventKind, LicenceRecord, LicenceStatus } from '../../domain/licence.ts';
import type { FileSealer } from '../../ports/file-sealer.ts';
import type { IssuerLicenceQuery, LicenceStore, LicenceTransaction } from '../../ports/licence-store.ts';
import { SqlBlobStore } from './sql-blob-store.ts';
import { isDuplicateKey, retryDeadlock, sqlCall } from './sql-errors.ts';

export interface LicenceRow {
  id: string; identifier: string; handle: string; type_code: string; template_version: string; issuer_code: string;
  issuer_name: string; serial: string; version: number | string; previous_id: string | null; holder_kind: string;
  holder_key: string; holder_name_masked: string; status: string; issued_at: string; valid_from: string;
  valid_until: string | null; data_sm3: string; idempotency_key: string | null; request_sm3: string | null; issued_by: string | null;
}

interface EventRow {
  licence_id: string; seq: number | string; kind: string; from_status: string | null; to_status: string; reason: string | null;
  effective_at: string; recorded_at: string; actor_id: string | null; related_id: string | null;
}

const toRow = (l: LicenceRecord): LicenceRow => ({
  id: l.id, identifier: l.identifier, handle: l.handle, type_code: l.typeCode, template_version: l.templateVersion,
  issuer_code: l.issuerCode, issuer_name: l.issuerName, serial: l.serial, version: l.version, previous_id: l.previousId,
  holder_kind: l.holderKind, holder_key: l.holderKey, holder_name_masked: l.holderNameMasked, status: l.status,
  issued_at: l.issuedAt, valid_from: l.validFrom, valid_until: l.validUntil, data_sm3: l.dataSm3,
  idempotency_key: l.idempotencyKey, request_sm3: l.requestSm3, issued_by: l.issuedBy,
});

export const licenceFromRow = (r: LicenceRow): LicenceRecord => ({
  id: r.id, identifier: r.identifier, handle: r.handle, typeCode: r.type_code, templateVersion: r.template_version,
  issuerCode: r.issuer_code, issuerName: r.issuer_name, serial: r.serial, version: Number(r.version), previousId: r.previous_id,
  holderKind: r.holder_kind as LicenceRecord['holderKind'], holderKey: r.holder_key, holderNameMasked: r.holder_name_masked,
  status: r.status as LicenceStatus, issuedAt: r.issued_at, validFrom: r.valid_from, validUntil: r.valid_until, dataSm3: r.data_sm3,
  idempotencyKey: r.idempotency_key, requestSm3: r.request_sm3, issuedBy: r.issued_by,
});

const eventToRow = (e: LicenceEvent): EventRow => ({
  licence_id: e.licenceId, seq: e.seq, kind: e.kind, from_status: e.fromStatus, to_status: e.toStatus, reason: e.reason,
  effective_at: e.effectiveAt, recorded_at: e.recordedAt, actor_id: e.actorId, related_id: e.relatedId,
});

const eventFromRow = (r: EventRow): LicenceEvent => ({
  licenceId: r.licence_id, seq: Number(r.seq), kind: r.kind as LicenceEventKind, fromStatus: r.from_status as LicenceStatus | null,
  toStatus: r.to_status as LicenceStatus, reason: r.reason, effectiveAt: r.effective_at, recordedAt: r.recorded_at,
  actorId: r.actor_id, relatedId: r.related_id,
});

async function readEvents(db: Knex | Knex.Transaction, licenceId: string): Promise<LicenceEvent[]> {
  const rows = await sqlCall(() => db<EventRow>('licence_events').where('licence_id', licenceId).orderBy('seq', 'asc'));
  return rows.map(eventFromRow);
}

async function readOne(db: Knex | Knex.Transaction, where: Partial<LicenceRow>): Promise<LicenceRecord | null> {
  const row = await sqlCall(() => db<LicenceRow>('licences').where(where).first());
  return row === undefined ? null : licenceFromRow(row);
}

class SqlLicenceTransaction implements LicenceTransaction {
  readonly blobs: SqlBlobStore;
  private readonly trx: Knex.Transaction;

  constructor(trx: Knex.Transaction, sealer: FileSealer | null) {
    this.trx = trx;
    this.blobs = new SqlBlobStore(trx, sealer);
  }

  async insert(licence: LicenceRecord): Promise<boolean> {
    try {
      await sqlCall(() => this.trx('licences').insert(toRow(licence)));
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      if (licence.idempotencyKey !== null && (await readOne(this.trx, { issuer_code: licence.issuerCode, idempotency_key: licence.idempotencyKey })) !== null) return false;
      throw new AppError('ERR_CONFLICT', 'a licence with this identifier or handle exists', { cause: e });
    }
  }

  async setStatus(id: string, from: LicenceStatus, to: LicenceStatus): Promise<boolean> {
    const n = await sqlCall(() => this.trx('licences').where({ id, status: from }).update({ status: to }));
    return Number(n) === 1;
  }

  async addEvent(event: LicenceEvent): Promise<void> {
    try {
      await sqlCall(() => this.trx('licence_events').insert(eventToRow(event)));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'the licence history changed meanwhile', { cause: e });
      throw e;
    }
  }

  findById(id: string): Promise<LicenceRecord | null> {
    return readOne(this.trx, { id });
  }

  events(licenceId: string): Promise<LicenceEvent[]> {
    return readEvents(this.trx, licenceId);
  }
}

/**
 * Licences and their history in SQL (SQLite or MySQL/MariaDB), blobs in the same database,
 * sealed at rest when a sealer is given.
 */
export class SqlLicenceStore implements LicenceStore {
  private readonly knex: Knex;
  private readonly sealer: FileSealer | null;

  constructor(knex: Knex, sealer: FileSealer | null = null) {
    this.knex = knex;
    this.sealer = sealer;
  }

  async transaction<T>(work: (tx: LicenceTransaction) => Promise<T>): Promise<T> {
    await this.sealer?.ready();
    // The work only reads and writes through the transaction, so a run that lost a deadlock (or
    // a Galera certification) was rolled back whole and may run again.
    return sqlCall(() => retryDeadlock(() => this.knex.transaction((trx) => work(new SqlLicenceTransaction(trx, this.sealer)))));
  }

  findById(id: string): Promise<LicenceRecord | null> {
    return readOne(this.knex, { id });
  }

  findByIdentifier(identifier: string): Promise<LicenceRecord | null> {
    return readOne(this.knex, { identifier });
  }

  findByHandle(handle: string): Promise<LicenceRecord | null> {
    return readOne(this.knex, { handle });
  }

  findByIdempotencyKey(issuerCode: string, key: string): Promise<LicenceRecord | null> {
    return readOne(this.knex, { issuer_code: issuerCode, idempotency_key: key });
  }

  events(licenceId: string): Promise<LicenceEvent[]> {
    return readEvents(this.knex, licenceId);
  }

  findSuccessor(id: string): Promise<LicenceRecord | null> {
    return readOne(this.knex, { previous_id: id });
  }

  async listByHolder(holderKey: string): Promise<LicenceRecord[]> {
    const rows = await sqlCall(() => this.knex<LicenceRow>('licences').where('holder_key', holderKey).orderBy('issued_at', 'desc').orderBy('id', 'asc'));
    return rows.map(licenceFromRow);
  }

  async listByIssuer(issuerCode: string, q: IssuerLicenceQuery): Promise<{ licences: LicenceRecord[]; total: number }> {
    const where = (b: Knex.QueryBuilder) => {
      b.where('issuer_code', issuerCode);
      if (q.identifier !== undefined) b.where('identifier', q.identifier);
      if (q.holderKeys !== undefined) b.whereIn('holder_key', [...q.holderKeys]);
      if (q.typeCode !== undefined) b.where('type_code', q.typeCode);
      if (q.status !== undefined) b.where('status', q.status);
    };
    const [rows, count] = await Promise.all([
      sqlCall(() => this.knex<LicenceRow>('licences').where(where).orderBy('issued_at', 'desc').orderBy('id', 'asc').limit(q.limit).offset(q.offset)),
      sqlCall(() => this.knex('licences').where(where).count<{ n: number | string }[]>({ n: '*' })),
    ]);
    return { licences: rows.map(licenceFromRow), total: Number(count[0]?.n ?? 0) };
  }

  async listLapsing(lastDay: string, limit: number): Promise<LicenceRecord[]> {
    const rows = await sqlCall(() => this.knex<LicenceRow>('licences')
      .whereIn('status', ['valid', 'suspended']).whereNotNull('valid_until').where('valid_until', '<=', lastDay)
      .orderBy('valid_until', 'asc').orderBy('id', 'asc').limit(limit));
    return rows.map(licenceFromRow);
  }

  async discard(id: string, blobKeys: readonly string[]): Promise<void> {
    await sqlCall(() => retryDeadlock(() => this.knex.transaction(async (trx) => {
      const superseded = await trx<EventRow>('licence_events').where({ related_id: id, kind: 'supersede' });
      for (const e of superseded) {
        await trx('licence_events').where({ licence_id: e.licence_id, seq: e.seq }).delete();
        await trx('licences').where({ id: e.licence_id, status: e.to_status }).update({ status: e.from_status });
      }
      await trx('licence_events').where('licence_id', id).delete();
      await trx('licences').where('id', id).delete();
      if (blobKeys.length > 0) await trx('stored_blobs').whereIn('blob_key', [...blobKeys]).delete();
    })));
  }
}
