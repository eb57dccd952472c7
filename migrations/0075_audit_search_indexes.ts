// Searching the audit log by actor, object, action or time alone, newest first, one page at a
// time: each index leads with the column searched and goes on with (time, seq), the order the
// pages follow, so a page is a short range read of one index however long the log is. They
// replace the single-column indexes on actor_id and action (prefixes of the new ones), so an append
// still maintains as many indexes as before plus the object and time ones.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['actor_id', 'time', 'seq'], 'audit_log_actor_time');
    t.index(['object', 'time', 'seq'], 'audit_log_object_time');
    t.index(['action', 'time', 'seq'], 'audit_log_action_time');
    t.index(['time', 'seq'], 'audit_log_time');
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['actor_id']);
    t.dropIndex(['action']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => {
    t.index(['action']);
    t.index(['actor_id']);
  });
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropIndex(['time', 'seq'], 'audit_log_time');
    t.dropIndex(['action', 'time', 'seq'], 'audit_log_action_time');
    t.dropIndex(['object', 'time', 'seq'], 'audit_log_object_time');
    t.dropIndex(['actor_id', 'time', 'seq'], 'audit_log_actor_time');
  });
}
