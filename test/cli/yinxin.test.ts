// The operator CLI as a separate process, exactly as an operator runs it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { connectSql } from '../../src/adapters/sql/connect.ts';

const cli = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'yinxin-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Data and keys of one run, both in a temporary folder. */
const dirsFor = () => {
  const d = dataDir();
  return { DATA_DIR: join(d, 'data'), KEYS_DIR: join(d, 'keys') };
};

const yinxin = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });

describe('yinxin CLI', () => {
  it('stops with exit code 2 naming a bad setting, without echoing secrets', () => {
    const r = yinxin(['migrate'], { ...dirsFor(), PORT: '99999', SESSION_SECRET: 'short-secret-value' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT (port)');
    expect(r.stderr).toContain('SESSION_SECRET (sessionSecret)');
    expect(r.stderr + r.stdout).not.toContain('short-secret-value');
  });

  it('migrates, then verifies the audit chain and names a tampered record', async () => {
    const env = dirsFor();
    const m = yinxin(['migrate'], env);
    expect(m.status).toBe(0);
    expect(m.stdout).toContain('applied: 0001_audit.ts');
    expect(yinxin(['migrate'], env).stdout).toContain('schema is up to date');
    const ok = yinxin(['audit', 'verify'], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: 1 records/);

    const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
    await knex('audit_log').where({ seq: 1 }).update({ action: 'admin.other' });
    await knex.destroy();
    const bad = yinxin(['audit', 'verify', '--json'], env);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 1, reason: 'AUDIT_RECORD_ALTERED' } });
  });

  it('rejects unknown commands with usage', () => {
    const r = yinxin(['frobnicate'], dirsFor());
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('usage: yinxin');
  });

  it('starts on embedded defaults, becomes ready, exits 0 on SIGTERM, leaving a signed audit checkpoint', async () => {
    const dirs = dirsFor();
    const child = spawn(process.execPath, [cli, 'start'], { env: { ...process.env, ...dirs, PORT: '0', LOG_LEVEL: 'info' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listen line: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /"port":(\d+)[^}]*"msg":"yinxin listening"/.exec(out);
        if (m) { clearTimeout(t); resolve(Number(m[1])); }
      });
    });
    expect(out).toContain('"sm2Engine":"native"');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toContain('"msg":"stopped"');
    expect(out).not.toMatch(/session-?secret"?:"[^[]/i);
    // First start made the platform keys; stopping signed a checkpoint over the audit head.
    const verified = yinxin(['audit', 'verify'], dirs);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/1 of 1 signed checkpoints verified/);
    expect(yinxin(['keys', 'init'], dirs).status).toBe(1);
  }, 30_000);
});
