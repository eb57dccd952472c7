import type { Knex } from 'knex';
import { AppError } from '../../domain/errors.ts';
import type { RevocationReason, SealKind, SealOwnerKind, SealStatus } from '../../domain/seal.ts';
import type { Seal, SealEvent, SealFilter, SealStore } from '../../ports/seal-store.ts';
import { isDuplicateKey, retryDeadlock, sqlCall } from '../sql/sql-errors.ts';

interface Row {
  id: string; code: string | null; kind: string; name: string; owner_kind: string; owner_id: string; owner_name: string;
  person_name: string | null; status: string; validity_years: number; valid_start: string | null; valid_end: string | null;
  applicant_id: string; approver_id: string | null; key_id: string | null; certificate_serial: string | null;
  certificate: Uint8Array | null; ses_seal: Uint8Array | null; image: Uint8Array | null; image_source: string | null;
  width_mm: number; height_mm: number; created_at: string; updated_at: string; version: number;
}

interface EventRow {
  seal_id: string; seq: number; at: string; from_status: string | null; to_status: string; actor_id: string | null;
  reason: string; revocation_reason: string | null;
}

const bytes = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b));
const fromBytes = (b: Uint8Array | null) => (b === null ? null : new Uint8Array(b));

function toRow(s: Seal): Row {
  return {
    id: s.id, code: s.code, kind: s.kind, name: s.name, owner_kind: s.owner.kind, owner_id: s.owner.id, owner_name: s.owner.name,
    person_name: s.personName, status: s.status, validity_years: s.validityYears, valid_start: s.validStart, valid_end: s.validEnd,
    applicant_id: s.applicantId, approver_id: s.approverId, key_id: s.keyId, certificate_serial: s.certificateSerial,
    certificate: bytes(s.certificate), ses_seal: bytes(s.sesSeal), image: bytes(s.image), image_source: s.imageSource,
    width_mm: s.widthMm, height_mm: s.heightMm, created_at: s.createdAt, updated_at: s.updatedAt, version: s.version,
  };
}

function toSeal(r: Row): Seal {
  return {
    id: r.id, code: r.code, kind: r.kind as SealKind, name: r.name,
    owner: { kind: r.owner_kind as SealOwnerKind, id: r.owner_id, name: r.owner_name },
    personName: r.person_name, status: r.status as SealStatus, validityYears: Number(r.validity_years),
    validStart: r.valid_start, validEnd: r.valid_end, applicantId: r.applicant_id, approverId: r.approver_id,
    keyId: r.key_id, certificateSerial: r.certificate_serial, certificate: fromBytes(r.certificate), sesSeal: fromBytes(r.ses_seal),
    image: fromBytes(r.image), imageSource: r.image_source as Seal['imageSource'], widthMm: Number(r.width_mm), heightMm: Number(r.height_mm),
    createdAt: r.created_at, updatedAt: r.updated_at, version: Number(r.version),
  };
}

const toEventRow = (e: SealEvent): EventRow => ({
  seal_id: e.sealId, seq: e.seq, at: e.at, from_status: e.from, to_status: e.to, actor_id: e.actorId, reason: e.reason,
  revocation_reason: e.revocationReason,
});

const toEvent = (r: EventRow): SealEvent => ({
  sealId: r.seal_id, seq: Number(r.seq), at: r.at, from: r.from_status as SealStatus | null, to: r.to_status as SealStatus,
  actorId: r.actor_id, reason: r.reason, revocationReason: r.revocation_reason as RevocationReason | null,
});

/** The seal registry in the service database (SQLite or MySQL/MariaDB, same migrations). */
export class SqlSealStore implements SealStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async create(seal: Seal, event: SealEvent): Promise<void> {
    try {
      await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
        await trx('seals').insert(toRow(seal));
        await trx('seal_events').insert(toEventRow(event));
      })));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'seal exists', { cause: e, details: { sealId: seal.id } });
      throw e;
    }
  }

  async find(id: string): Promise<Seal | null> {
    const row = await sqlCall(() => this.#knex<Row>('seals').where({ id }).first());
    return row ? toSeal(row) : null;
  }

  async findByCode(code: string): Promise<Seal | null> {
    const row = await sqlCall(() => this.#knex<Row>('seals').where({ code }).first());
    return row ? toSeal(row) : null;
  }

  async list(filter: SealFilter, limit = 1000): Promise<Seal[]> {
    const q = this.#knex<Row>('seals');
    if (filter.ownerKind !== undefined) q.where('owner_kind', filter.ownerKind);
    if (filter.ownerId !== undefined) q.where('owner_id', filter.ownerId);
    if (filter.statuses !== undefined) q.whereIn('status', [...filter.statuses]);
    // ISO 8601 UTC strings of one length sort as the times they name.
    if (filter.validEndBefore !== undefined) q.whereNotNull('valid_end').where('valid_end', '<=', filter.validEndBefore);
    const rows = await sqlCall(() => q.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit));
    return rows.map(toSeal);
  }

  async update(seal: Seal, expectedVersion: number, event: SealEvent | null): Promise<void> {
    if (seal.version !== expectedVersion + 1) throw new RangeError('the new version must be one more than the expected one');
    try {
      await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
        const n = await trx('seals').where({ id: seal.id, version: expectedVersion }).update(toRow(seal));
        if (n === 0) {
          const exists = await trx('seals').where({ id: seal.id }).first('id');
          if (!exists) throw new AppError('ERR_NOT_FOUND', 'no such seal', { details: { sealId: seal.id } });
          throw new AppError('ERR_CONFLICT', 'the seal was changed meanwhile', { details: { sealId: seal.id, expectedVersion } });
        }
        if (event) await trx('seal_events').insert(toEventRow(event));
      })));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'seal code or event exists', { cause: e, details: { sealId: seal.id } });
      throw e;
    }
  }

  async events(sealId: string): Promise<SealEvent[]> {
    const rows = await sqlCall(() => this.#knex<EventRow>('seal_events').where({ seal_id: sealId }).orderBy('seq', 'asc'));
    return rows.map(toEvent);
  }

  async nextSequence(name: string): Promise<number> {
    // Increment in place; the first caller inserts. Two first callers collide on the key and the
    // loser retries as an increment.
    for (let attempt = 0; ; attempt++) {
      try {
        return await sqlCall(() => retryDeadlock(() => this.#knex.transaction(async (trx) => {
          const n = await trx('seal_sequences').where({ name }).increment('last', 1);
          if (Number(n) === 0) {
            await trx('seal_sequences').insert({ name, last: 1 });
            return 1;
          }
          const row = (await trx('seal_sequences').where({ name }).first('last')) as { last: number } | undefined;
          return Number(row!.last);
        })));
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 5) throw e;
      }
    }
  }
}
