// The licences table read whole, narrow columns only, for the offline trust list.
import type { Knex } from 'knex';
import type { LicenceStatus } from '../../domain/licence.ts';
import type { LicenceStatusRow, LicenceStatusRows } from '../../ports/licence-status-rows.ts';

export class SqlLicenceStatusRows implements LicenceStatusRows {
  readonly #knex: Knex;
  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async all(): Promise<LicenceStatusRow[]> {
    const rows = await this.#knex('licences').select('identifier', 'version', 'status', 'valid_from', 'valid_until', 'handle').orderBy('identifier');
    return rows.map((r: { identifier: string; version: number; status: string; valid_from: string; valid_until: string | null; handle: string }) => ({
      identifier: r.identifier, version: Number(r.version), status: r.status as LicenceStatus, validFrom: r.valid_from, validUntil: r.valid_until, handle: r.handle,
    }));
  }
}
