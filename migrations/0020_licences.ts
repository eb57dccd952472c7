// Electronic licences: one row per version, their status history, and the blob table that holds
// licence PDFs, SES signatures and signed data when blobs live in the database.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.dialect === 'mysql';
  const options = tableOptions(knex);
  await knex.schema.createTable('licences', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('identifier', 128).notNullable().unique('licences_identifier');
    t.string('handle', 32).notNullable().unique('licences_handle');
    t.string('type_code', 21).notNullable();
    t.string('template_version', 16).notNullable();
    t.string('issuer_code', 18).notNullable();
    t.string('issuer_name', 128).notNullable();
    t.string('serial', 32).notNullable();
    t.integer('version').notNullable();
    t.string('previous_id', 40).nullable().index('licences_previous');
    t.string('holder_kind', 16).notNullable();
    t.string('holder_key', 80).notNullable().index('licences_holder');
    t.string('holder_name_masked', 128).notNullable();
    t.string('status', 16).notNullable();
    t.string('issued_at', 24).notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10).nullable();
    t.string('data_sm3', 64).notNullable();
    // A licence issued twice under one key is one licence: the unique pair decides races.
    t.string('idempotency_key', 128).nullable();
    t.string('request_sm3', 64).nullable();
    t.string('issued_by', 128).nullable();
    t.unique(['issuer_code', 'idempotency_key'], { indexName: 'licences_idempotency' });
    t.unique(['type_code', 'issuer_code', 'serial', 'version'], { indexName: 'licences_serial_version' });
    t.index(['status', 'valid_until'], 'licences_lapsing');
  });
  await knex.schema.createTable('licence_events', (t) => {
    options(t);
    t.string('licence_id', 40).notNullable();
    t.integer('seq').notNullable();
    t.string('kind', 16).notNullable();
    t.string('from_status', 16).nullable();
    t.string('to_status', 16).notNullable();
    t.string('reason', 500).nullable();
    t.string('effective_at', 24).notNullable();
    t.string('recorded_at', 24).notNullable();
    t.string('actor_id', 128).nullable();
    t.string('related_id', 40).nullable();
    t.primary(['licence_id', 'seq']);
  });
  await knex.schema.createTable('stored_blobs', (t) => {
    options(t);
    t.string('blob_key', 200).primary();
    t.string('content_type', 100).notNullable();
    if (mysql) t.specificType('bytes', 'LONGBLOB').notNullable();
    else t.binary('bytes').notNullable();
    t.string('sm3', 64).notNullable();
    t.integer('size').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('stored_blobs');
  await knex.schema.dropTableIfExists('licence_events');
  await knex.schema.dropTableIfExists('licences');
}
