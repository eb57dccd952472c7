// Agents authorised by a legal person's legal representative to act for it (法人办事授权).
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('agent_grants', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('legal_person_id', 40).notNullable().index('agent_grants_legal_person');
    t.string('agent_id', 40).notNullable().index('agent_grants_agent');
    // JSON array of app client ids; null for all business.
    t.text('client_ids').nullable();
    t.string('granted_by', 40).notNullable();
    t.string('granted_at', 24).notNullable();
    t.string('expires_at', 24).notNullable();
    t.string('revoked_at', 24).nullable();
    t.string('revoked_by', 40).nullable();
  });
  // Enterprises by legal representative: the acting choice at sign-in looks them up.
  await knex.schema.alterTable('accounts', (t) => {
    t.index(['representative_id'], 'accounts_representative');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropIndex(['representative_id'], 'accounts_representative');
  });
  await knex.schema.dropTableIfExists('agent_grants');
}
