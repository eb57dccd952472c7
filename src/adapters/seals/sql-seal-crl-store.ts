import type { Knex } from 'knex';
import type { IssuedCrl, SealCrlStore } from '../../ports/seal-store.ts';
import { isDuplicateKey, sqlCall } from '../sql/sql-errors.ts';

interface Row { number: number; this_update: string; next_update: string; der: Uint8Array }

/** CRLs of the seal-maker CA in the service database; the number is the primary key. */
export class SqlSealCrlStore implements SealCrlStore {
  readonly #knex: Knex;

  constructor(knex: Knex) {
    this.#knex = knex;
  }

  async save(crl: IssuedCrl): Promise<boolean> {
    try {
      await sqlCall(() => this.#knex('seal_crls').insert({
        number: crl.number, this_update: crl.thisUpdate, next_update: crl.nextUpdate, der: Buffer.from(crl.der),
      }));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async latest(): Promise<IssuedCrl | null> {
    const row = await sqlCall(() => this.#knex<Row>('seal_crls').orderBy('number', 'desc').first());
    return row ? { number: Number(row.number), thisUpdate: row.this_update, nextUpdate: row.next_update, der: new Uint8Array(row.der) } : null;
  }
}
