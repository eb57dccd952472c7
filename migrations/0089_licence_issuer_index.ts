// The licence pages list an issuing department's licences newest first, by type or status: an
// index that leads with the issuer and goes on in that order keeps each page a short range read.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licences', (t) => {
    t.index(['issuer_code', 'issued_at'], 'licences_issuer_issued');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('licences', (t) => {
    t.dropIndex(['issuer_code', 'issued_at'], 'licences_issuer_issued');
  });
}
