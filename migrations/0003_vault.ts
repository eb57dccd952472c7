import type { Knex } from 'knex';

// Wrapped private keys. The key-encryption key that unwraps them is never stored here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('vault_keys', (t) => {
    t.string('key_id', 128).notNullable();
    t.integer('version').unsigned().notNullable();
    t.string('algorithm', 16).notNullable();
    t.binary('public_key', 1024).notNullable();
    t.binary('wrapped_private', 4096).notNullable();
    t.text('certificate_chain').notNullable();
    t.string('created_at', 24).notNullable();
    t.primary(['key_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('vault_keys');
}
