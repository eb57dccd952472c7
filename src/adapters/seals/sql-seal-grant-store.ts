import type { Knex } from 'knex';
import { AppError } from '../../domain/errors.ts';
import type { SealGrant, SealGrantStore, SealUse } from '../../ports/seal-store.ts';
import { isDuplicateKey, sqlCall } from '../sql/sql-errors.ts';

interface GrantRow {
  id: string; seal_id: string; account_id: string; granted_by: string; granted_at: string; expires_at: string | null;
  ended_at: string | null; ended_by: string | null;
}

interface UseRow {
  id: string; seal_id: string; account_id: string; at: string; document_sm3: string; signed_digest: string; reason: string; field_name: string;
}

const toGrant = (r: GrantRow): SealGrant => ({
  id: r.id, sealId: r.seal_id, accountId: r.account_id, grantedBy: r.granted_by, grantedAt: r.granted_at,
  expiresAt: r.expires_at, endedAt: r.ended_at, endedBy: r.ended_by,
});

const toUse = (r: UseRow): SealUse => ({
  id: r.id, sealId: r.seal_id, accountId: r.account_id, at: r.at, documentSm3: r.document_sm3, signedDigest: r.signed_digest,
  reason: r.reason, fieldName: r.field_name,
});

/** Seal grants and uses in the service database. */
export class SqlSealGrantStore implements SealGrantStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async addGrant(g: SealGrant): Promise<void> {
    try {
      await sqlCall(() => this.#knex('seal_grants').insert({
        id: g.id, seal_id: g.sealId, account_id: g.accountId, granted_by: g.grantedBy, granted_at: g.grantedAt,
        expires_at: g.expiresAt, ended_at: g.endedAt, ended_by: g.endedBy,
      }));
    } catch (e) {
      if (isDuplicateKey(e)) throw new AppError('ERR_CONFLICT', 'grant exists', { cause: e });
      throw e;
    }
  }

  async findGrant(id: string): Promise<SealGrant | null> {
    const row = await sqlCall(() => this.#knex<GrantRow>('seal_grants').where({ id }).first());
    return row ? toGrant(row) : null;
  }

  async endGrant(id: string, endedAt: string, endedBy: string): Promise<boolean> {
    const n = await sqlCall(() => this.#knex('seal_grants').where({ id }).whereNull('ended_at').update({ ended_at: endedAt, ended_by: endedBy }));
    return Number(n) > 0;
  }

  async grants(filter: { sealId?: string; accountId?: string }): Promise<SealGrant[]> {
    const q = this.#knex<GrantRow>('seal_grants');
    if (filter.sealId !== undefined) q.where('seal_id', filter.sealId);
    if (filter.accountId !== undefined) q.where('account_id', filter.accountId);
    const rows = await sqlCall(() => q.orderBy('granted_at', 'asc').orderBy('id', 'asc'));
    return rows.map(toGrant);
  }

  async recordUse(u: SealUse): Promise<void> {
    await sqlCall(() => this.#knex('seal_uses').insert({
      id: u.id, seal_id: u.sealId, account_id: u.accountId, at: u.at, document_sm3: u.documentSm3, signed_digest: u.signedDigest,
      reason: u.reason, field_name: u.fieldName,
    }));
  }

  async uses(sealId: string, limit = 1000): Promise<SealUse[]> {
    const rows = await sqlCall(() => this.#knex<UseRow>('seal_uses').where({ seal_id: sealId }).orderBy('at', 'asc').orderBy('id', 'asc').limit(limit));
    return rows.map(toUse);
  }
}
