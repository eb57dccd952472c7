// Licence shares and their access log in SQL (SQLite or MySQL/MariaDB).
import type { Knex } from 'knex';
import type { LicenceShare, ShareAccess } from '../../domain/licence-share.ts';
import type { LicenceShareStore } from '../../ports/licence-share-store.ts';
import { isDuplicateKey, retryDeadlock, sqlCall } from './sql-errors.ts';

interface ShareRow {
  id: string; code: string; token_sm3: string; licence_id: string; holder_key: string; created_by: string; fields: string;
  purpose: string; single_use: boolean | number; created_at: string; expires_at: string; revoked_at: string | null; used_at: string | null;
}

interface AccessRow {
  share_id: string; at: string; verifier_kind: string; verifier: string | null; client_ip_masked: string | null;
}

const toRow = (s: LicenceShare): ShareRow => ({
  id: s.id, code: s.code, token_sm3: s.tokenSm3, licence_id: s.licenceId, holder_key: s.holderKey, created_by: s.createdBy,
  fields: JSON.stringify(s.fields), purpose: s.purpose, single_use: s.singleUse, created_at: s.createdAt, expires_at: s.expiresAt,
  revoked_at: s.revokedAt, used_at: s.usedAt,
});

const fromRow = (r: ShareRow): LicenceShare => ({
  id: r.id, code: r.code, tokenSm3: r.token_sm3, licenceId: r.licence_id, holderKey: r.holder_key, createdBy: r.created_by,
  fields: JSON.parse(r.fields) as string[], purpose: r.purpose, singleUse: Boolean(r.single_use), createdAt: r.created_at,
  expiresAt: r.expires_at, revokedAt: r.revoked_at, usedAt: r.used_at,
});

const accessFromRow = (r: AccessRow): ShareAccess => ({
  shareId: r.share_id, at: r.at, verifierKind: r.verifier_kind as ShareAccess['verifierKind'], verifier: r.verifier, clientIpMasked: r.client_ip_masked,
});

export class SqlLicenceShareStore implements LicenceShareStore {
  private readonly knex: Knex;

  constructor(knex: Knex) {
    this.knex = knex;
  }

  async create(share: LicenceShare): Promise<boolean> {
    try {
      await sqlCall(() => this.knex('licence_shares').insert(toRow(share)));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  private async one(where: Partial<ShareRow>): Promise<LicenceShare | null> {
    const row = await sqlCall(() => this.knex<ShareRow>('licence_shares').where(where).first());
    return row === undefined ? null : fromRow(row);
  }

  findById(id: string): Promise<LicenceShare | null> {
    return this.one({ id });
  }

  findByCode(code: string): Promise<LicenceShare | null> {
    return this.one({ code });
  }

  findByTokenSm3(tokenSm3: string): Promise<LicenceShare | null> {
    return this.one({ token_sm3: tokenSm3 });
  }

  async addQrToken(shareId: string, tokenSm3: string, expiresAt: string, now: string): Promise<void> {
    await sqlCall(() => retryDeadlock(() => this.knex.transaction(async (trx) => {
      await trx('licence_share_qr_tokens').where('share_id', shareId).where('expires_at', '<=', now).delete();
      await trx('licence_share_qr_tokens').insert({ token_sm3: tokenSm3, share_id: shareId, expires_at: expiresAt });
    })));
  }

  async findByQrTokenSm3(tokenSm3: string, now: string): Promise<LicenceShare | null> {
    const row = await sqlCall(() => this.knex<ShareRow>('licence_shares')
      .join('licence_share_qr_tokens', 'licence_share_qr_tokens.share_id', 'licence_shares.id')
      .where('licence_share_qr_tokens.token_sm3', tokenSm3).where('licence_share_qr_tokens.expires_at', '>', now)
      .first('licence_shares.*'));
    return row === undefined ? null : fromRow(row as ShareRow);
  }

  async listByLicence(licenceId: string): Promise<LicenceShare[]> {
    const rows = await sqlCall(() => this.knex<ShareRow>('licence_shares').where('licence_id', licenceId).orderBy('created_at', 'desc').orderBy('id', 'asc'));
    return rows.map(fromRow);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const n = await sqlCall(() => this.knex('licence_shares').where({ id }).whereNull('revoked_at').update({ revoked_at: at }));
    return Number(n) === 1;
  }

  async recordAccess(share: LicenceShare, access: ShareAccess): Promise<boolean> {
    return sqlCall(() => retryDeadlock(() => this.knex.transaction(async (trx) => {
      if (share.singleUse) {
        const n = await trx('licence_shares').where({ id: share.id }).whereNull('used_at').update({ used_at: access.at });
        if (Number(n) !== 1) return false;
      }
      await trx('licence_share_accesses').insert({
        share_id: access.shareId, at: access.at, verifier_kind: access.verifierKind, verifier: access.verifier, client_ip_masked: access.clientIpMasked,
      });
      return true;
    })));
  }

  async accesses(shareId: string): Promise<ShareAccess[]> {
    const rows = await sqlCall(() => this.knex<AccessRow>('licence_share_accesses').where('share_id', shareId).orderBy('id', 'asc'));
    return rows.map(accessFromRow);
  }
}
