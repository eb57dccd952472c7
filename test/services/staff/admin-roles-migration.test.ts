// Migration 0070 renames the administrative roles on SQLite and MariaDB: app_admin becomes
// system_admin, account_admin both system_admin and security_admin; other roles stay; down undoes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectSql } from '../../../src/adapters/sql/connect.ts';
import * as accounts from '../../../migrations/0004_accounts.ts';
import * as adminRoles from '../../../migrations/0070_admin_roles.ts';
import { freshMysqlDatabase, testMysqlUrl } from '../../support/services.ts';

async function backends() {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-mig-'));
  const list = [{ name: 'sqlite', url: `sqlite:${join(dir, 'm.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }];
  if (testMysqlUrl) list.push({ name: 'mariadb', ...(await freshMysqlDatabase(testMysqlUrl)) });
  return list;
}

const row = (id: string, roles: string[] | null) => ({
  id, kind: roles ? 'staff' : 'citizen', name: id, assurance: 'L1', status: 'active', roles: roles ? JSON.stringify(roles) : null, created_at: '2026-01-01T00:00:00.000Z',
});

describe('migration 0070 (administrative roles)', () => {
  it('maps the old administrative roles to the three new ones and back', async () => {
    for (const b of await backends()) {
      const knex = connectSql(b.url);
      try {
        await accounts.up(knex);
        await knex('accounts').insert([
          row('s_app', ['app_admin']), row('s_acc', ['clerk', 'account_admin']), row('s_both', ['app_admin', 'account_admin']),
          row('s_aud', ['auditor']), row('s_clerk', ['clerk']), row('c_1', null),
        ]);
        await adminRoles.up(knex);
        const roles = async () => Object.fromEntries((await knex('accounts').orderBy('id')).map((r: { id: string; roles: string | null }) => [r.id, r.roles && JSON.parse(r.roles)]));
        expect(await roles(), b.name).toEqual({
          s_app: ['system_admin'], s_acc: ['clerk', 'system_admin', 'security_admin'], s_both: ['system_admin', 'security_admin'],
          s_aud: ['auditor'], s_clerk: ['clerk'], c_1: null,
        });
        await adminRoles.down(knex);
        expect(await roles(), b.name).toMatchObject({ s_app: ['app_admin'], s_acc: ['clerk', 'app_admin', 'account_admin'], s_aud: ['auditor'], s_clerk: ['clerk'] });
      } finally {
        await knex.destroy();
        await b.drop();
      }
    }
  });
});
