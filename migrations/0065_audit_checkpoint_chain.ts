// Chained audit checkpoints: each names its place in the checkpoint chain and the digest of the
// one before. Both columns are null for the checkpoints made before chaining, which keep being
// verified as they were signed. The unique index is what keeps several processes from forking
// the chain: two checkpoints cannot take the same place.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_checkpoints', (t) => {
    t.bigInteger('chain_index').unsigned().nullable();
    t.string('prev_digest', 64).nullable();
    t.unique(['chain_index'], { indexName: 'audit_checkpoints_chain_index' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_checkpoints', (t) => {
    t.dropUnique(['chain_index'], 'audit_checkpoints_chain_index');
  });
  await knex.schema.alterTable('audit_checkpoints', (t) => {
    t.dropColumn('prev_digest');
    t.dropColumn('chain_index');
  });
}
