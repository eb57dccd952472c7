// Separation of duties: the administrative roles become system_admin, security_admin and auditor
// (domain/admin-duties.ts). `app_admin` administered apps: now system_admin. `account_admin`
// administered the staff directory and its roles: now system_admin and security_admin both, so no
// one loses a power on upgrade; a security administrator then splits them (docs/operator.md).
// Roles are a JSON array in accounts.roles; rows are read and rewritten here, the same on SQLite
// and MySQL.
import type { Knex } from 'knex';

const UP: Record<string, string[]> = { app_admin: ['system_admin'], account_admin: ['system_admin', 'security_admin'] };
const DOWN: Record<string, string[]> = { system_admin: ['app_admin'], security_admin: ['account_admin'] };

async function rewrite(knex: Knex, map: Record<string, string[]>): Promise<void> {
  let query = knex('accounts').select('id', 'roles').whereNotNull('roles');
  query = query.andWhere((q) => {
    for (const old of Object.keys(map)) q.orWhere('roles', 'like', `%"${old}"%`);
  });
  for (const row of await query as { id: string; roles: string }[]) {
    const roles = JSON.parse(row.roles) as string[];
    const next = [...new Set(roles.flatMap((r) => map[r] ?? [r]))];
    await knex('accounts').where({ id: row.id }).update({ roles: JSON.stringify(next) });
  }
}

export async function up(knex: Knex): Promise<void> {
  await rewrite(knex, UP);
}

export async function down(knex: Knex): Promise<void> {
  await rewrite(knex, DOWN);
}
