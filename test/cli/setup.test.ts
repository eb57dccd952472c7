// `yinxin setup` as an operator runs it from a script: a bad credit code named with its code and
// nothing written, the organisation and first administrator created with the password from a
// file (never printed), a rerun that changes nothing; `--demo` refused outside the embedded
// development mode; and what `start` says on a database that needs setup.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { setupHint } from '../../src/cli/start.ts';

const cli = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yinxin-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), PUBLIC_URL: 'https://id.example.gov.cn' };
const yinxin = (args: string[], extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env, ...extra }, encoding: 'utf8', input: '' });
const flags = (code: string) => ['setup', '--org-name', '某市人民政府', '--credit-code', code, '--admin-staff-number', 'A001', '--admin-name', '王管理'];

describe('yinxin setup', () => {
  it('names a bad credit code, creates the organisation and administrator once, and says so on a rerun', async () => {
    const bad = yinxin(flags('11330100MB0000001X'));
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('ERR_VALIDATION');
    expect(bad.stderr).toMatch(/creditCode: bad_check_character .*expected R/);

    const missing = yinxin(['setup', '--org-name', '某市人民政府']);
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain('missing --credit-code, --admin-staff-number, --admin-name');

    const file = join(dir, 'initial');
    writeFileSync(file, 'operator-chosen-initial\n', { mode: 0o600 });
    const done = yinxin([...flags('11330100MB0000001R'), '--admin-password-file', file]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('created: organisation 某市人民政府 (11330100MB0000001R)');
    expect(done.stdout).toContain('created: administrator A001 王管理 (roles system_admin, security_admin)');
    expect(done.stdout).toContain('sign in at https://id.example.gov.cn/admin');
    expect(done.stdout).not.toContain('operator-chosen-initial');

    const again = yinxin(['setup']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('already set up: nothing changed');
    expect(again.stdout).toContain('administrators: A001 王管理');

    const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    try {
      expect(await knex('departments').count({ n: '*' })).toEqual([{ n: 1 }]);
      const actions = (await knex('audit_log').select('action')).map((r: { action: string }) => r.action);
      expect(actions.filter((a) => a === 'admin.setup')).toHaveLength(2);
    } finally {
      await knex.destroy();
    }
  }, 120_000);

  it('refuses demo data outside the embedded development mode', () => {
    const refused = yinxin(['setup', '--demo'], { NODE_ENV: 'production', DATABASE_URL: 'mysql://nobody@127.0.0.1:1/none', SESSION_SECRET: 'x'.repeat(40), KEK: `k1:${Buffer.alloc(32).toString('base64')}`, SMS_GATEWAY_URL: 'https://sms.example.gov.cn', SMS_GATEWAY_SECRET: 'y'.repeat(40) });
    expect(refused.stderr).toContain('refused: demo data is for the embedded development mode only');
    expect(refused.status).toBe(1);
  }, 60_000);
});

describe('what start says about setup', () => {
  const dev = { env: 'development' as const, embedded: true };
  const admin = { staffNumber: 'A001' } as never;
  const root = { id: 'root', parentId: null, name: '某市', kind: 'city' as const };
  it('names the command, and --demo in development only', () => {
    const hint = setupHint({ root: null, admins: [] }, dev) as string;
    expect(hint).toContain('setup is needed: this database has no organisation and no administrator yet');
    expect(hint).toContain('npm run yinxin -- setup\n');
    expect(hint).toContain('npm run yinxin -- setup --demo');
    const prod = setupHint({ root, admins: [] }, { env: 'production', embedded: false }) as string;
    expect(prod).toContain('has no administrator yet');
    expect(prod).not.toContain('--demo');
    expect(setupHint({ root, admins: [admin] }, dev)).toBeNull();
  });
});
