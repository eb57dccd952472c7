// `yinxin staff import` as an operator runs it: a progress bar, row-level errors (line, field,
// code), valid rows imported, a rerun that creates nothing twice, initial passwords only in the
// file asked for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlAccountStore } from '../../src/adapters/accounts/sql-account-store.ts';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { Argon2Hasher } from '../../src/adapters/passwords/argon2-hasher.ts';

const cli = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yinxin-staff-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys') };
const yinxin = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });

describe('yinxin staff import', () => {
  it('imports valid rows, reports bad ones by line, field and code, and creates nothing twice on a rerun', async () => {
    expect(yinxin(['migrate']).status).toBe(0);
    const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    await knex('departments').insert([
      { id: 'city', parent_id: null, name: '某市', kind: 'city' },
      { id: 'gaj', parent_id: 'city', name: '公安局', kind: 'bureau' },
    ]);
    await knex('positions').insert({ id: 'kz', name: '科长', created_at: '2026-03-01T00:00:00.000Z' });
    await knex.destroy();

    const file = join(dir, 'staff.csv');
    writeFileSync(file, [
      'staffNumber,name,departmentId,positions,roles,phone',
      'P001,刘一,gaj,kz,clerk,',
      'P002,陈二,gaj,,clerk|seal_keeper,13900000002',
      'P003,杨三,nowhere,zz,boss,123',
      'P 4,黄四,gaj,,clerk,',
      'P005,"周""五""",gaj,,auditor,',
    ].join('\n'));
    const passwords = join(dir, 'passwords.csv');
    const first = yinxin(['staff', 'import', file, '--passwords', passwords]);
    expect(first.stderr).toContain('[##############################] 5/5 created 3 existing 0 failed 2');
    expect(first.stdout).toContain('5 rows: 3 created, 0 already present, 2 failed');
    expect(first.stdout).toContain('line 4 (P003): ERR_VALIDATION departmentId: unknown_department; positions.0: unknown_position; roles.0: unknown_role; phone: invalid_format');
    expect(first.stdout).toContain('line 5 (P 4): ERR_VALIDATION staffNumber: invalid_format');
    expect(first.status).toBe(1);

    // Initial passwords: in the file asked for (owner-only), not on the terminal; each one works.
    expect(statSync(passwords).mode & 0o777).toBe(0o600);
    const issued = readFileSync(passwords, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(issued.map((r) => r.slice(0, 2))).toEqual([['2', 'P001'], ['3', 'P002'], ['6', 'P005']]);
    for (const [, , pw] of issued) expect(first.stdout + first.stderr).not.toContain(pw);

    const again = yinxin(['staff', 'import', file]);
    expect(again.stdout).toContain('5 rows: 0 created, 3 already present, 2 failed');
    expect(again.status).toBe(1);

    const db = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    try {
      const accounts = new SqlAccountStore(db);
      expect(await db('accounts').count({ n: '*' }).first()).toMatchObject({ n: 3 });
      const p002 = await accounts.findByLogin('staff:P002');
      expect(p002).toMatchObject({ name: '陈二', phone: '13900000002', staff: { departmentId: 'gaj', roles: ['clerk', 'seal_keeper'] } });
      expect((await accounts.findByLogin('staff:P005'))?.name).toBe('周"五"');
      expect(await new Argon2Hasher().verify(p002!.passwordHash!, issued[1]![2]!)).toBe(true);
      const actions = (await db('audit_log').select('action')).map((r: { action: string }) => r.action);
      expect(actions.filter((a) => a === 'account.create')).toHaveLength(3);
      expect(actions.filter((a) => a === 'staff.import.finish')).toHaveLength(2);
    } finally {
      await db.destroy();
    }
  });

  it('refuses a file it cannot read as staff CSV before creating anyone, and bad arguments', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'staffNumber,name,departmentId,roles\n"P9,x\n');
    const r = yinxin(['staff', 'import', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('ERR_VALIDATION line.2: csv_syntax');
    expect(yinxin(['staff', 'import']).status).toBe(64);
  });
});
