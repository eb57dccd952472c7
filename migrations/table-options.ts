import type { Knex } from 'knex';

/**
 * Table options shared by the migrations: on MySQL/MariaDB, InnoDB with utf8mb4 and a binary
 * collation (ids and codes compare byte for byte); nothing on SQLite. Not a migration itself: the
 * runner loads only `NNNN_name.ts` files.
 */
export function tableOptions(knex: Knex): (t: Knex.CreateTableBuilder) => void {
  const mysql = knex.client.dialect === 'mysql';
  return (t) => {
    if (mysql) {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
      t.engine('InnoDB');
    }
  };
}
