// Client secrets move out of the app metadata into a column that holds only their digest, and
// apps gain a status so an administrator can disable one without deleting its history.
// Secrets registered before this migration are digested in place; the clear text is dropped.
import type { Knex } from 'knex';
import { hashClientSecret } from '../src/domain/client-secret.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('apps', (t) => {
    t.string('secret_hash', 64).nullable();
    t.string('status', 16).notNullable().defaultTo('active');
  });
  const rows = await knex<{ client_id: string; metadata: string }>('apps').select('client_id', 'metadata');
  for (const row of rows) {
    const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    if (typeof metadata.client_secret !== 'string') continue;
    const secretHash = hashClientSecret(metadata.client_secret);
    delete metadata.client_secret;
    await knex('apps').where({ client_id: row.client_id }).update({ metadata: JSON.stringify(metadata), secret_hash: secretHash });
  }
}

export async function down(knex: Knex): Promise<void> {
  // The clear secrets are gone for good: going down leaves confidential apps without one, and
  // they must be rotated after going up again.
  await knex.schema.alterTable('apps', (t) => {
    t.dropColumn('status');
    t.dropColumn('secret_hash');
  });
}
