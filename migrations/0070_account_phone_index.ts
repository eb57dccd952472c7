// Accounts are found by their phone number on record (forgot password, changing one's phone):
// staff and legal persons have no `phone:` login name, so the column itself is looked up.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.index(['phone'], 'accounts_phone');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropIndex(['phone'], 'accounts_phone');
  });
}
