// Tables of the SQL key-value store (src/adapters/kv/sql-kv-store.ts): plain values and counters
// in kv_entries; sets as a header row in kv_sets (its expiry) plus one row per member.
import type { Knex } from 'knex';

/**
 * Key collations in order of preference. Keys must compare byte for byte: case-sensitive, and
 * without the PAD SPACE rule of utf8mb4_bin under which 'k' and 'k ' would be one key. MariaDB
 * has utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin; utf8mb4_bin is the fallback for older servers.
 */
const KEY_COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'];

async function keyCollation(knex: Knex): Promise<string> {
  const rows = (await knex('information_schema.COLLATIONS')
    .select('COLLATION_NAME as name')
    .whereIn('COLLATION_NAME', KEY_COLLATIONS)) as { name: string }[];
  const available = new Set(rows.map((r) => r.name));
  return KEY_COLLATIONS.find((c) => available.has(c)) ?? 'utf8mb4_bin';
}

export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.dialect === 'mysql';
  const collation = mysql ? await keyCollation(knex) : undefined;
  // 255 characters of utf8mb4 are 1020 bytes, within InnoDB's 3072-byte index limit.
  const key = (t: Knex.CreateTableBuilder, name: string) => {
    const column = t.string(name, 255).notNullable();
    if (collation) column.collate(collation);
    return column;
  };
  const tableOptions = (t: Knex.CreateTableBuilder) => {
    if (mysql) {
      t.charset('utf8mb4');
      t.engine('InnoDB');
    }
  };

  await knex.schema.createTable('kv_entries', (t) => {
    tableOptions(t);
    key(t, 'k').primary();
    // longtext: values of several MB (sealed documents in flight, large OIDC artefacts).
    t.text('v', 'longtext').notNullable();
    t.bigInteger('expires_at').nullable().index('kv_entries_expires_at');
  });
  await knex.schema.createTable('kv_sets', (t) => {
    tableOptions(t);
    key(t, 'k').primary();
    t.bigInteger('expires_at').nullable().index('kv_sets_expires_at');
  });
  await knex.schema.createTable('kv_set_members', (t) => {
    tableOptions(t);
    key(t, 'set_key');
    key(t, 'member');
    t.primary(['set_key', 'member']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('kv_set_members');
  await knex.schema.dropTableIfExists('kv_sets');
  await knex.schema.dropTableIfExists('kv_entries');
}
