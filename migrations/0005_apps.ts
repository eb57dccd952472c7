// Registered apps (OpenID Connect clients): metadata as JSON, one row per client id.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('apps', (t) => {
    if (knex.client.dialect === 'mysql') {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
      t.engine('InnoDB');
    }
    t.string('client_id', 128).primary();
    t.text('metadata', 'mediumtext').notNullable();
    t.string('created_at', 24).notNullable();
    t.string('updated_at', 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('apps');
}
