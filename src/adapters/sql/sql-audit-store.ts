import type { Knex } from 'knex';
import type { AuditCursor, AuditQuery } from '../../domain/audit-query.ts';
import type { AuditSearch } from '../../ports/audit-search.ts';
import type { AuditCheckpoint, AuditRecord, AuditStore } from '../../ports/audit-store.ts';
import { auditSearchStatement, newestFirst } from './sql-audit-search.ts';
import { isDeadlock, isDuplicateKey, sqlCall } from './sql-errors.ts';

interface Row {
  seq: number | string; time: string; actor_id: string | null; actor_kind: string; action: string;
  object: string | null; outcome: string; client_ip: string | null; request_id: string | null;
  details: string; prev_hash: string; hash: string;
}

const toRow = (r: AuditRecord): Row => ({
  seq: r.seq, time: r.time, actor_id: r.actorId, actor_kind: r.actorKind, action: r.action, object: r.object,
  outcome: r.outcome, client_ip: r.clientIp, request_id: r.requestId, details: r.details, prev_hash: r.prevHash, hash: r.hash,
});

const fromRow = (r: Row): AuditRecord => ({
  seq: Number(r.seq), time: r.time, actorId: r.actor_id, actorKind: r.actor_kind, action: r.action, object: r.object,
  outcome: r.outcome, clientIp: r.client_ip, requestId: r.request_id, details: r.details, prevHash: r.prev_hash, hash: r.hash,
});

interface CheckpointRow {
  seq: number | string; hash: string; signed_at: string; key_id: string; signature: string;
  chain_index: number | string | null; prev_digest: string | null;
}

const fromCheckpointRow = (r: CheckpointRow): AuditCheckpoint => ({
  seq: Number(r.seq), hash: r.hash, signedAt: r.signed_at, keyId: r.key_id, signature: r.signature,
  index: r.chain_index === null ? null : Number(r.chain_index), prevDigest: r.prev_digest,
});

/** The audit chain in the `audit_log` table (SQLite or MySQL). */
export class SqlAuditStore implements AuditStore, AuditSearch {
  private readonly knex: Knex;

  constructor(knex: Knex) {
    this.knex = knex;
  }

  async last(): Promise<AuditRecord | null> {
    const row = await sqlCall(() => this.knex<Row>('audit_log').orderBy('seq', 'desc').first());
    return row ? fromRow(row) : null;
  }

  async insertIfAbsent(record: AuditRecord): Promise<boolean> {
    try {
      await sqlCall(() => this.knex('audit_log').insert(toRow(record)));
      return true;
    } catch (e) {
      // Another writer took the seq (a duplicate, or a deadlock between the two inserts).
      if (isDuplicateKey(e) || isDeadlock(e)) return false;
      throw e;
    }
  }

  async insertAllIfAbsent(records: readonly AuditRecord[]): Promise<boolean> {
    try {
      // One statement: atomic on SQLite and InnoDB alike, and one commit for all of them.
      await sqlCall(() => this.knex('audit_log').insert(records.map(toRow)));
      return true;
    } catch (e) {
      // Another writer took the seq (a duplicate, or a deadlock between the two inserts).
      if (isDuplicateKey(e) || isDeadlock(e)) return false;
      throw e;
    }
  }

  async page(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await sqlCall(() => this.knex<Row>('audit_log').where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit));
    return rows.map(fromRow);
  }

  async addCheckpoint(cp: AuditCheckpoint): Promise<boolean> {
    try {
      await sqlCall(() => this.knex('audit_checkpoints').insert({
        seq: cp.seq, hash: cp.hash, signed_at: cp.signedAt, key_id: cp.keyId, signature: cp.signature,
        chain_index: cp.index, prev_digest: cp.prevDigest,
      }));
      return true;
    } catch (e) {
      // Another process checkpointed that seq or took that place in the checkpoint chain.
      if (isDuplicateKey(e) || isDeadlock(e)) return false;
      throw e;
    }
  }

  async byObject(action: string, objects: readonly string[], limit: number): Promise<AuditRecord[]> {
    if (objects.length === 0) return [];
    const rows = await sqlCall(() => this.knex<Row>('audit_log').whereIn('object', [...objects]).where('action', action).orderBy('seq', 'desc').limit(limit));
    return rows.map(fromRow);
  }

  async search(query: AuditQuery, after: AuditCursor | null, limit: number): Promise<AuditRecord[]> {
    const actions = query.actions?.length ? [...new Set(query.actions)] : [null];
    const pages = await Promise.all(actions.map((action) => sqlCall(async () => (await auditSearchStatement(this.knex, query, action, after, limit)) as Row[])));
    return pages.flat().sort(newestFirst).slice(0, limit).map(fromRow);
  }

  // The (object, action) index (migration 0024) answers this: one object, a few actions.
  async aboutObject(object: string, actions: readonly string[], page: { beforeSeq?: number; limit: number }): Promise<AuditRecord[]> {
    if (actions.length === 0) return [];
    const rows = await sqlCall(() => {
      const q = this.knex<Row>('audit_log').where('object', object).whereIn('action', [...actions]);
      if (page.beforeSeq !== undefined) q.where('seq', '<', page.beforeSeq);
      return q.orderBy('seq', 'desc').limit(page.limit);
    });
    return rows.map(fromRow);
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    const rows = await sqlCall(() => this.knex<CheckpointRow>('audit_checkpoints').orderBy('seq', 'asc'));
    return rows.map(fromCheckpointRow);
  }

  async lastCheckpoint(): Promise<AuditCheckpoint | null> {
    const chained = await sqlCall(() => this.knex<CheckpointRow>('audit_checkpoints').whereNotNull('chain_index').orderBy('chain_index', 'desc').first());
    const row = chained ?? await sqlCall(() => this.knex<CheckpointRow>('audit_checkpoints').orderBy('seq', 'desc').first());
    return row ? fromCheckpointRow(row) : null;
  }

  async checkpointsFrom(index: number, limit: number): Promise<AuditCheckpoint[]> {
    const rows = await sqlCall(() => this.knex<CheckpointRow>('audit_checkpoints').where('chain_index', '>=', index).orderBy('chain_index', 'asc').limit(limit));
    return rows.map(fromCheckpointRow);
  }
}
