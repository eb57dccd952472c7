// Registered verifier systems that may see every field of a licence, and the legal basis (the
// law, regulation or agreement) they do so under; granted and withdrawn by an operator.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('verifier_legal_bases', (t) => {
    options(t);
    t.string('client_id', 128).primary();
    t.string('basis', 500).notNullable();
    t.string('granted_by', 128).notNullable();
    t.string('granted_at', 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('verifier_legal_bases');
}
