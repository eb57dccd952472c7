// The seal registry: seals, the history of their status, grants to use them, the record of each
// use, named counters (seal code sequences) and the CRLs of the seal-maker CA.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.dialect === 'mysql';
  const options = tableOptions(knex);
  // Seal data embeds the image and certificates: more than a MySQL BLOB's 64 KB may be needed.
  const blob = (t: Knex.CreateTableBuilder, name: string) => t.specificType(name, mysql ? 'mediumblob' : 'blob');
  await knex.schema.createTable('seals', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('code', 13).nullable().unique('seals_code');
    t.string('kind', 32).notNullable();
    t.string('name', 255).notNullable();
    t.string('owner_kind', 16).notNullable();
    t.string('owner_id', 64).notNullable();
    t.string('owner_name', 128).notNullable();
    t.string('person_name', 64).nullable();
    t.string('status', 16).notNullable();
    t.integer('validity_years').notNullable();
    t.string('valid_start', 24).nullable();
    t.string('valid_end', 24).nullable();
    t.string('applicant_id', 40).notNullable();
    t.string('approver_id', 40).nullable();
    t.string('key_id', 128).nullable();
    t.string('certificate_serial', 64).nullable();
    blob(t, 'certificate');
    blob(t, 'ses_seal');
    blob(t, 'image');
    t.string('image_source', 16).nullable();
    t.integer('width_mm').notNullable();
    t.integer('height_mm').notNullable();
    t.string('created_at', 24).notNullable();
    t.string('updated_at', 24).notNullable();
    t.integer('version').notNullable();
    t.index(['owner_kind', 'owner_id'], 'seals_owner');
    t.index(['status', 'valid_end'], 'seals_status_end');
  });
  await knex.schema.createTable('seal_events', (t) => {
    options(t);
    t.string('seal_id', 40).notNullable();
    t.integer('seq').notNullable();
    t.string('at', 24).notNullable();
    t.string('from_status', 16).nullable();
    t.string('to_status', 16).notNullable();
    t.string('actor_id', 40).nullable();
    t.string('reason', 500).notNullable();
    t.string('revocation_reason', 32).nullable();
    t.primary(['seal_id', 'seq']);
  });
  await knex.schema.createTable('seal_grants', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('seal_id', 40).notNullable().index('seal_grants_seal');
    t.string('account_id', 40).notNullable().index('seal_grants_account');
    t.string('granted_by', 40).notNullable();
    t.string('granted_at', 24).notNullable();
    t.string('expires_at', 24).nullable();
    t.string('ended_at', 24).nullable();
    t.string('ended_by', 40).nullable();
  });
  await knex.schema.createTable('seal_uses', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('seal_id', 40).notNullable();
    t.string('account_id', 40).notNullable();
    t.string('at', 24).notNullable();
    t.string('document_sm3', 64).notNullable();
    t.string('signed_digest', 64).notNullable();
    t.string('reason', 500).notNullable();
    t.string('field_name', 128).notNullable();
    t.index(['seal_id', 'at'], 'seal_uses_seal');
  });
  await knex.schema.createTable('seal_sequences', (t) => {
    options(t);
    t.string('name', 64).primary();
    t.integer('last').notNullable();
  });
  await knex.schema.createTable('seal_crls', (t) => {
    options(t);
    t.integer('number').primary();
    t.string('this_update', 24).notNullable();
    t.string('next_update', 24).notNullable();
    blob(t, 'der');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['seal_crls', 'seal_sequences', 'seal_uses', 'seal_grants', 'seal_events', 'seals']) {
    await knex.schema.dropTableIfExists(table);
  }
}
