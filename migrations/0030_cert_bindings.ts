// Certificates linked to accounts for certificate login, and the staff CA's issue and revocation
// record (its CRL is built from the revoked rows of origin `issued`).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.dialect === 'mysql';
  await knex.schema.createTable('cert_bindings', (t) => {
    if (mysql) {
      t.charset('utf8mb4');
      t.collate('utf8mb4_bin');
      t.engine('InnoDB');
    }
    t.string('fingerprint_sm3', 64).primary();
    t.string('account_id', 40).notNullable().index('cert_bindings_account');
    t.string('serial_number', 80).notNullable();
    t.string('issuer', 512).notNullable();
    t.string('subject', 512).notNullable();
    t.string('not_after', 24).notNullable();
    t.string('origin', 8).notNullable();
    t.string('created_at', 24).notNullable();
    t.string('revoked_at', 24).nullable();
    t.string('revocation_reason', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('cert_bindings');
}
