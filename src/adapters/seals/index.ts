import type { Knex } from 'knex';
import type { SealCrlStore, SealGrantStore, SealStore } from '../../ports/seal-store.ts';
import { SqlSealCrlStore } from './sql-seal-crl-store.ts';
import { SqlSealGrantStore } from './sql-seal-grant-store.ts';
import { SqlSealStore } from './sql-seal-store.ts';

export { notoSerifScPath, resvgSealRenderer } from './resvg-seal-renderer.ts';

/** The three seal stores over one database connection. */
export function sqlSealStores(knex: Knex): { seals: SealStore; grants: SealGrantStore; crls: SealCrlStore } {
  return { seals: new SqlSealStore(knex), grants: new SqlSealGrantStore(knex), crls: new SqlSealCrlStore(knex) };
}
