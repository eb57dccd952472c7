// Revoking a staff login certificate from the CLI, as an operator does when a USB key is lost:
// issued with `staff issue-cert`, revoked by its PEM file, refused a second time, recorded in the
// binding and the audit chain.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectSql } from '../../src/adapters/sql/connect.ts';

const cli = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yinxin-revoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
const yinxin = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });

describe('yinxin staff revoke-cert', () => {
  it('revokes an issued login certificate once, recorded in its binding and audited', async () => {
    expect(yinxin(['migrate']).status).toBe(0);
    expect(yinxin(['keys', 'init']).status).toBe(0);
    const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    await knex('departments').insert([{ id: 'city', parent_id: null, name: '某市', kind: 'city' }, { id: 'gaj', parent_id: 'city', name: '公安局', kind: 'bureau' }]);
    await knex.destroy();
    const csv = join(dir, 'staff.csv');
    writeFileSync(csv, 'staffNumber,name,departmentId,positions,roles,phone\nR001,刘一,gaj,,clerk,\n');
    expect(yinxin(['staff', 'import', csv]).status).toBe(0);
    const cert = join(dir, 'r001.pem');
    const issued = yinxin(['staff', 'issue-cert', 'R001', '--generate-key', join(dir, 'r001.key'), '--out', cert]);
    expect(issued.status).toBe(0);

    expect(yinxin(['staff', 'revoke-cert', cert, '--reason', 'nonsense']).status).toBe(64);
    expect(yinxin(['staff', 'revoke-cert', '--fingerprint', 'abc', '--reason', 'keyCompromise']).status).toBe(64);
    const revoked = yinxin(['staff', 'revoke-cert', cert, '--reason', 'keyCompromise']);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toMatch(/certificate [0-9a-f]{64} revoked \(keyCompromise\)/);
    const again = yinxin(['staff', 'revoke-cert', cert, '--reason', 'keyCompromise']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('ERR_CONFLICT');
    expect(yinxin(['staff', 'revoke-cert', '--fingerprint', 'ab'.repeat(32), '--reason', 'superseded']).stderr).toContain('ERR_NOT_FOUND');

    const db = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    try {
      const rows = await db('cert_bindings').select('*');
      expect(rows).toHaveLength(1);
      expect(rows[0].revoked_at).not.toBeNull();
      const audit = await db('audit_log').where({ action: 'certificate.revoke' }).select('details');
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].details)).toMatchObject({ reason: 'keyCompromise' });
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
