// Holders' consents to licence use and the record of uses, in SQL (migration 0080).
import type { Knex } from 'knex';
import type { LicenceUse, LicenceUseConsent } from '../../domain/licence-use.ts';
import type { LicenceUseRecords } from '../../ports/licence-use-records.ts';
import { sqlCall } from './sql-errors.ts';

interface ConsentRow {
  id: string; client_id: string; item_code: string; person_id: string; mode: string;
  granted_at: string; expires_at: string; used_at: string | null; withdrawn_at: string | null;
}
interface UseRow {
  id: string; client_id: string; item_code: string; holder_key: string; licence_identifiers: string; fields: string;
  consent_id: string | null; legal_basis: string | null; case_number: string | null; with_files: boolean | number; at: string;
}

const toConsent = (r: ConsentRow): LicenceUseConsent => ({
  id: r.id, clientId: r.client_id, itemCode: r.item_code, personId: r.person_id, mode: r.mode === 'standing' ? 'standing' : 'once',
  grantedAt: r.granted_at, expiresAt: r.expires_at, usedAt: r.used_at, withdrawnAt: r.withdrawn_at,
});
const toUse = (r: UseRow): LicenceUse => ({
  id: r.id, clientId: r.client_id, itemCode: r.item_code, holderKey: r.holder_key,
  licenceIdentifiers: JSON.parse(r.licence_identifiers) as string[], fields: JSON.parse(r.fields) as Record<string, string[]>,
  consentId: r.consent_id, legalBasis: r.legal_basis, caseNumber: r.case_number, withFiles: Boolean(r.with_files), at: r.at,
});

export class SqlLicenceUseRecords implements LicenceUseRecords {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async addConsent(c: LicenceUseConsent): Promise<void> {
    const row: ConsentRow = {
      id: c.id, client_id: c.clientId, item_code: c.itemCode, person_id: c.personId, mode: c.mode,
      granted_at: c.grantedAt, expires_at: c.expiresAt, used_at: c.usedAt, withdrawn_at: c.withdrawnAt,
    };
    await sqlCall(() => this.#knex('licence_use_consents').insert(row));
  }

  async findConsent(id: string): Promise<LicenceUseConsent | null> {
    const row = await sqlCall(() => this.#knex<ConsentRow>('licence_use_consents').where({ id }).first());
    return row === undefined ? null : toConsent(row);
  }

  async consentsOf(personId: string): Promise<LicenceUseConsent[]> {
    const rows = await sqlCall(() => this.#knex<ConsentRow>('licence_use_consents').where({ person_id: personId }).orderBy([{ column: 'granted_at', order: 'desc' }, { column: 'id', order: 'desc' }]));
    return rows.map(toConsent);
  }

  async markUsed(id: string, at: string): Promise<boolean> {
    const n = await sqlCall(() => this.#knex('licence_use_consents').where({ id }).whereNull('used_at').whereNull('withdrawn_at').update({ used_at: at }));
    return Number(n) > 0;
  }

  async withdraw(id: string, at: string): Promise<boolean> {
    const n = await sqlCall(() => this.#knex('licence_use_consents').where({ id }).whereNull('withdrawn_at').update({ withdrawn_at: at }));
    return Number(n) > 0;
  }

  async addUse(u: LicenceUse): Promise<void> {
    const row: UseRow = {
      id: u.id, client_id: u.clientId, item_code: u.itemCode, holder_key: u.holderKey,
      licence_identifiers: JSON.stringify(u.licenceIdentifiers), fields: JSON.stringify(u.fields),
      consent_id: u.consentId, legal_basis: u.legalBasis, case_number: u.caseNumber, with_files: u.withFiles, at: u.at,
    };
    await sqlCall(() => this.#knex('licence_uses').insert(row));
  }

  async usesOf(holderKeys: readonly string[], limit: number): Promise<LicenceUse[]> {
    if (holderKeys.length === 0) return [];
    const rows = await sqlCall(() => this.#knex<UseRow>('licence_uses').whereIn('holder_key', [...holderKeys])
      .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit));
    return rows.map(toUse);
  }
}
