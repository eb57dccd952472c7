// Trust lists of other yinxin deployments (other cities), imported by an operator: trusted ones
// let their licences verify here; known-only ones give their licences a verdict of their own.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('trust_imports', (t) => {
    options(t);
    t.string('publisher_url', 300).primary();
    t.string('organisation', 200).notNullable();
    t.string('root_sm3', 64).notNullable();
    t.boolean('trusted').notNullable();
    t.string('issued_at', 24).notNullable();
    t.string('imported_at', 24).notNullable();
    t.text('list_json', 'longtext').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('trust_imports');
}
