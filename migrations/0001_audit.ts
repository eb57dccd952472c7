import type { Knex } from 'knex';

// The audit chain. `seq` is assigned by the writer (not auto-increment): its uniqueness is what
// makes concurrent appenders from several processes agree on one chain. `time` is kept as the
// exact ISO string that was hashed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigInteger('seq').unsigned().primary();
    t.string('time', 24).notNullable();
    t.string('actor_id', 128).nullable();
    t.string('actor_kind', 32).notNullable();
    t.string('action', 128).notNullable();
    t.string('object', 255).nullable();
    t.string('outcome', 16).notNullable();
    t.string('client_ip', 64).nullable();
    t.string('request_id', 64).nullable();
    t.text('details', 'mediumtext').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['action']);
    t.index(['actor_id']);
  });
  // Signed checkpoints over the chain head: a signer attests "the record at seq N has hash H".
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigInteger('seq').unsigned().primary();
    t.string('hash', 64).notNullable();
    t.string('signed_at', 24).notNullable();
    t.string('key_id', 128).notNullable();
    t.text('signature').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_checkpoints');
  await knex.schema.dropTable('audit_log');
}
