// Accounts (citizens, legal persons, staff), their login names, the department tree, and the
// wrapped data keys that seal ID numbers and one-time-password secrets.
import type { Knex } from 'knex';
import { tableOptions } from './table-options.ts';

export async function up(knex: Knex): Promise<void> {
  const options = tableOptions(knex);
  await knex.schema.createTable('departments', (t) => {
    options(t);
    t.string('id', 64).primary();
    t.string('parent_id', 64).nullable().index('departments_parent');
    t.string('name', 128).notNullable();
    t.string('kind', 16).notNullable();
  });
  await knex.schema.createTable('accounts', (t) => {
    options(t);
    t.string('id', 40).primary();
    t.string('kind', 16).notNullable();
    t.string('name', 128).notNullable();
    t.string('phone', 20).nullable();
    t.string('assurance', 2).notNullable();
    t.string('status', 16).notNullable();
    t.string('password_hash', 255).nullable();
    t.text('totp_sealed').nullable();
    t.text('id_number_sealed').nullable();
    t.string('id_number_index', 64).nullable().unique('accounts_id_number_index');
    t.string('id_number_masked', 18).nullable();
    t.string('credit_code', 18).nullable().unique('accounts_credit_code');
    t.string('representative_id', 40).nullable();
    t.string('staff_number', 32).nullable().unique('accounts_staff_number');
    t.string('department_id', 64).nullable();
    t.text('positions').nullable();
    t.text('roles').nullable();
    t.string('created_at', 24).notNullable();
  });
  await knex.schema.createTable('account_logins', (t) => {
    options(t);
    t.string('login', 128).primary();
    t.string('account_id', 40).notNullable().index('account_logins_account');
  });
  await knex.schema.createTable('data_keys', (t) => {
    options(t);
    t.string('id', 64).primary();
    t.string('purpose', 32).notNullable().index('data_keys_purpose');
    t.text('wrapped').notNullable();
    t.string('created_at', 24).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('data_keys');
  await knex.schema.dropTableIfExists('account_logins');
  await knex.schema.dropTableIfExists('accounts');
  await knex.schema.dropTableIfExists('departments');
}
