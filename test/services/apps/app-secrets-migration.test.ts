// Migration 0006 digests the client secrets registered before it and drops the clear text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectSql } from '../../../src/adapters/sql/connect.ts';
import { clientSecretMatches } from '../../../src/domain/client-secret.ts';
import * as apps from '../../../migrations/0005_apps.ts';
import * as secrets from '../../../migrations/0006_app_secrets.ts';
import { freshMysqlDatabase, testMysqlUrl } from '../../support/services.ts';

async function backends() {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-mig-'));
  const list = [{ name: 'sqlite', url: `sqlite:${join(dir, 'm.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }];
  if (testMysqlUrl) list.push({ name: 'mariadb', ...(await freshMysqlDatabase(testMysqlUrl)) });
  return list;
}

describe('migration 0006 (app secrets)', () => {
  it('replaces clear secrets in the metadata by their digest', async () => {
    for (const b of await backends()) {
      const knex = connectSql(b.url);
      try {
        await apps.up(knex);
        const metadata = { client_id: 'old', client_name: 'Old', client_secret: 'the old clear secret', token_endpoint_auth_method: 'client_secret_basic' };
        await knex('apps').insert({ client_id: 'old', metadata: JSON.stringify(metadata), created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' });
        await knex('apps').insert({ client_id: 'pub', metadata: JSON.stringify({ client_id: 'pub', token_endpoint_auth_method: 'none' }), created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' });
        await secrets.up(knex);
        const rows = await knex('apps').orderBy('client_id');
        expect(JSON.stringify(rows), b.name).not.toContain('the old clear secret');
        expect(clientSecretMatches(rows[0].secret_hash, 'the old clear secret'), b.name).toBe(true);
        expect(rows[0].status).toBe('active');
        expect(rows[1].secret_hash).toBeNull();
        await secrets.down(knex);
      } finally {
        await knex.destroy();
        await b.drop();
      }
    }
  });
});
