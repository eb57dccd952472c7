// Using licences for service items (用证): the service item catalogue with its licence lists,
// apps' permissions per item (with the legal basis for use without consent), holders' consents,
// and the record of every use that holders see.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('service_items', (t) => {
    options(t);
    t.string('code', 64).primary();
    t.string('name', 200).notNullable();
    t.string('department_code', 32).notNullable();
    t.string('department_name', 200).notNullable();
    // JSON array of {typeCode, fields}.
    t.text('licences').notNullable();
    t.string('legal_basis', 500).notNullable();
    t.string('updated_by', 128).notNullable();
    t.string('updated_at', 24).notNullable();
  });
  await knex.schema.createTable('licence_use_permissions', (t) => {
    options(t);
    t.string('client_id', 128).notNullable();
    t.string('item_code', 64).notNullable();
    t.string('legal_basis', 500).nullable();
    t.string('granted_by', 128).notNullable();
    t.string('granted_at', 24).notNullable();
    t.primary(['client_id', 'item_code']);
  });
  await knex.schema.createTable('licence_use_consents', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('client_id', 128).notNullable();
    t.string('item_code', 64).notNullable();
    t.string('person_id', 40).notNullable().index('licence_use_consents_person');
    t.string('mode', 10).notNullable();
    t.string('granted_at', 24).notNullable();
    t.string('expires_at', 24).notNullable();
    t.string('used_at', 24).nullable();
    t.string('withdrawn_at', 24).nullable();
  });
  await knex.schema.createTable('licence_uses', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('client_id', 128).notNullable();
    t.string('item_code', 64).notNullable();
    t.string('holder_key', 100).notNullable();
    t.text('licence_identifiers').notNullable();
    t.text('fields').notNullable();
    t.string('consent_id', 40).nullable();
    t.string('legal_basis', 500).nullable();
    t.string('case_number', 100).nullable();
    t.boolean('with_files').notNullable();
    t.string('at', 24).notNullable();
    t.index(['holder_key', 'at'], 'licence_uses_holder');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['licence_uses', 'licence_use_consents', 'licence_use_permissions', 'service_items']) await knex.schema.dropTableIfExists(table);
}
