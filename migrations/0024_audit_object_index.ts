// Finding the audit records about one object (e.g. every check of a licence, for its holder)
// without reading the whole chain.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['object', 'action'], 'audit_log_object');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['object', 'action'], 'audit_log_object');
  });
}
