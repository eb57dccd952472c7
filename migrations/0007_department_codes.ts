import type { Knex } from 'knex';

// A department that issues licences is named in them by its unified social credit code.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.string('credit_code', 18).nullable().unique('departments_credit_code');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.dropUnique(['credit_code'], 'departments_credit_code');
    t.dropColumn('credit_code');
  });
}
