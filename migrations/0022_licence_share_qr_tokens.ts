// Short-lived tokens of the refreshing on-screen QR code of a share (亮证): a new one every
// minute while the holder shows the code, each valid briefly; only their SM3 digests are kept.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('licence_share_qr_tokens', (t) => {
    options(t);
    t.string('token_sm3', 64).primary();
    t.string('share_id', 40).notNullable().index('licence_share_qr_tokens_share');
    t.string('expires_at', 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('licence_share_qr_tokens');
}
