// The staff directory: a catalogue of positions (职务) staff hold, and an index for listing the
// staff of a department.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('positions', (t) => {
    options(t);
    t.string('id', 64).primary();
    t.string('name', 128).notNullable();
    t.string('created_at', 24).notNullable();
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.index(['department_id'], 'accounts_department');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropIndex(['department_id'], 'accounts_department');
  });
  await knex.schema.dropTableIfExists('positions');
}
