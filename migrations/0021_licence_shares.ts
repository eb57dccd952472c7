// Shares of licences (亮证): a code and a link token digest per share, the fields shown in full,
// and a log of every look a verifier took.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('licence_shares', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('code', 8).notNullable().unique('licence_shares_code');
    t.string('token_sm3', 64).notNullable().unique('licence_shares_token');
    t.string('licence_id', 40).notNullable().index('licence_shares_licence');
    t.string('holder_key', 80).notNullable();
    t.string('created_by', 128).notNullable();
    t.string('fields', 2000).notNullable();
    t.string('purpose', 200).notNullable();
    t.boolean('single_use').notNullable();
    t.string('created_at', 24).notNullable();
    t.string('expires_at', 24).notNullable();
    t.string('revoked_at', 24).nullable();
    t.string('used_at', 24).nullable();
  });
  await knex.schema.createTable('licence_share_accesses', (t) => {
    options(t);
    t.increments('id').primary();
    t.string('share_id', 40).notNullable().index('licence_share_accesses_share');
    t.string('at', 24).notNullable();
    t.string('verifier_kind', 8).notNullable();
    t.string('verifier', 128).nullable();
    t.string('client_ip_masked', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('licence_share_accesses');
  await knex.schema.dropTableIfExists('licence_shares');
}
