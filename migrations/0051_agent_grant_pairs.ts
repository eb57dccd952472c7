// One current grant per enterprise and agent, kept by the database: a grant that is neither
// revoked nor known to be expired holds its pair in `current_pair` (unique); revoking frees it,
// and a new grant frees it from an expired one first. Two grants racing for one pair: one fails.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agent_grants', (t) => {
    t.string('current_pair', 81).nullable().unique({ indexName: 'agent_grants_current_pair' });
  });
  // Existing grants: the newest unrevoked one of each pair holds it.
  const rows: { id: string; legal_person_id: string; agent_id: string }[] = await knex('agent_grants')
    .whereNull('revoked_at').orderBy([{ column: 'granted_at', order: 'desc' }, { column: 'id', order: 'desc' }]).select('id', 'legal_person_id', 'agent_id');
  const seen = new Set<string>();
  for (const r of rows) {
    const pair = `${r.legal_person_id}:${r.agent_id}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    await knex('agent_grants').where({ id: r.id }).update({ current_pair: pair });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('agent_grants', (t) => {
    t.dropUnique(['current_pair'], 'agent_grants_current_pair');
    t.dropColumn('current_pair');
  });
}
