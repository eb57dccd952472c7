// Certificate links in SQL (SQLite or MySQL/MariaDB).
import type { Knex } from 'knex';
import type { CertBinding, CertBindingStore } from '../../ports/cert-binding-store.ts';
import { isDuplicateKey, sqlCall } from './sql-errors.ts';

interface Row {
  fingerprint_sm3: string; account_id: string; serial_number: string; issuer: string; subject: string; not_after: string;
  origin: string; created_at: string; revoked_at: string | null; revocation_reason: string | null;
}

const toRow = (b: CertBinding): Row => ({
  fingerprint_sm3: b.fingerprintSm3, account_id: b.accountId, serial_number: b.serialNumber, issuer: b.issuer, subject: b.subject,
  not_after: b.notAfter, origin: b.origin, created_at: b.createdAt, revoked_at: b.revokedAt, revocation_reason: b.revocationReason,
});

const fromRow = (r: Row): CertBinding => ({
  fingerprintSm3: r.fingerprint_sm3, accountId: r.account_id, serialNumber: r.serial_number, issuer: r.issuer, subject: r.subject,
  notAfter: r.not_after, origin: r.origin === 'issued' ? 'issued' : 'bound', createdAt: r.created_at, revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
});

export class SqlCertBindingStore implements CertBindingStore {
  private readonly knex: Knex;

  constructor(knex: Knex) {
    this.knex = knex;
  }

  async add(binding: CertBinding): Promise<boolean> {
    try {
      await sqlCall(() => this.knex('cert_bindings').insert(toRow(binding)));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async findByFingerprint(fingerprintSm3: string): Promise<CertBinding | null> {
    const row = await sqlCall(() => this.knex<Row>('cert_bindings').where({ fingerprint_sm3: fingerprintSm3 }).first());
    return row === undefined ? null : fromRow(row);
  }

  async listForAccount(accountId: string): Promise<CertBinding[]> {
    const rows = await sqlCall(() => this.knex<Row>('cert_bindings').where({ account_id: accountId }).orderBy('created_at', 'desc'));
    return rows.map(fromRow);
  }

  async revoke(fingerprintSm3: string, at: string, reason: string): Promise<boolean> {
    const n = await sqlCall(() => this.knex('cert_bindings').where({ fingerprint_sm3: fingerprintSm3 }).whereNull('revoked_at')
      .update({ revoked_at: at, revocation_reason: reason }));
    return n > 0;
  }

  async revokedIssued(): Promise<CertBinding[]> {
    const rows = await sqlCall(() => this.knex<Row>('cert_bindings').where({ origin: 'issued' }).whereNotNull('revoked_at'));
    return rows.map(fromRow);
  }
}
