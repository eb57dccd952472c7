// The operator CLI as a separate process, exactly as an operator runs it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createContainer } from '../../src/container.ts';
import { SqlAuditStore } from '../../src/adapters/sql/sql-audit-store.ts';
import { GENESIS_HASH, hashAuditRecord } from '../../src/domain/audit-record.ts';
import { COMMANDS } from '../../src/cli/commands.ts';

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

  it('audit verify exits 1 naming the break when checkpoints are deleted or the log is cut or rewritten', async () => {
    const base = dirsFor();
    // Made in this process to save start-ups: records 1–5, checkpoints at records 1, 2 and 3, in
    // the database and in the witness beside the keys.
    const c = await createContainer(loadConfig({ ...base, LOG_LEVEL: 'silent' }), { background: false });
    await c.initKeys({ id: 'os:test', kind: 'system' });
    for (const step of ['checkpoint', 'event', 'checkpoint', 'event', 'checkpoint', 'event', 'event']) {
      if (step === 'checkpoint') expect(await c.checkpointAudit()).not.toBeNull();
      else await c.audit.append({ actor: { id: 'os:test', kind: 'system' }, action: 'admin.test', outcome: 'success' });
    }
    await c.close();
    expect(readFileSync(join(base.KEYS_DIR, 'audit-witness.log'), 'utf8').trim().split('\n')).toHaveLength(3);
    const intact = yinxin(['audit', 'verify'], base);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/3 of 3 signed checkpoints verified; witness .*audit-witness\.log: 3 checkpoints compared/);

    const tampered = async (sql: (knex: Knex) => Promise<unknown>, rehash = false) => {
      const env = dirsFor();
      cpSync(base.DATA_DIR, env.DATA_DIR, { recursive: true });
      cpSync(base.KEYS_DIR, env.KEYS_DIR, { recursive: true });
      const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
      await sql(knex);
      if (rehash) {
        let prev = GENESIS_HASH;
        for (const r of await new SqlAuditStore(knex).page(0, 100)) {
          const hash = hashAuditRecord({ ...r, prevHash: prev });
          await knex('audit_log').where({ seq: r.seq }).update({ prev_hash: prev, hash });
          prev = hash;
        }
      }
      await knex.destroy();
      return env;
    };
    const verify = (env: Record<string, string>) => {
      const r = yinxin(['audit', 'verify', '--json'], env);
      expect(r.status, r.stdout).toBe(1);
      return (JSON.parse(r.stdout) as { firstBroken: unknown }).firstBroken;
    };
    const missing = { reason: 'AUDIT_CHECKPOINT_MISSING' };
    expect(verify(await tampered(async (k) => {
      await k('audit_checkpoints').del();
      await k('audit_log').where({ seq: 2 }).update({ actor_id: 'someone-else' });
    }, true))).toMatchObject({ ...missing, checkpoint: 1 });
    expect(verify(await tampered((k) => k('audit_checkpoints').where({ seq: 3 }).del()))).toMatchObject({ ...missing, checkpoint: 3 });
    expect(verify(await tampered(async (k) => {
      await k('audit_checkpoints').where({ seq: 3 }).del();
      await k('audit_log').where('seq', '>', 2).del();
    }))).toMatchObject({ ...missing, checkpoint: 3 });

    // Records after the last checkpoint are caught once it is overdue (here: older than 2 × 1 s).
    const overdue = (env: Record<string, string>) => verify({ ...env, AUDIT_CHECKPOINT_INTERVAL_S: '1' });
    const late = { seq: 4, reason: 'AUDIT_CHECKPOINT_OVERDUE' };
    expect(overdue(await tampered((k) => k('audit_log').where({ seq: 5 }).del()))).toMatchObject(late);
    expect(overdue(await tampered((k) => k('audit_log').where({ seq: 5 }).update({ actor_id: 'someone-else' }), true))).toMatchObject(late);
    expect(overdue(await tampered(async (k) => {
      await k('audit_log').where({ seq: 4 }).del();
      await k('audit_log').where({ seq: 5 }).update({ seq: 4 });
    }, true))).toMatchObject(late);
  }, 240_000);

  it('lists every command the dispatcher knows, with its arguments and one line on what it does', () => {
    // A bad setting: help must answer without reading the configuration.
    const env = { ...dirsFor(), PORT: '99999' };
    const help = yinxin(['--help'], env);
    expect(help.status).toBe(0);
    expect(yinxin(['help'], env).stdout).toBe(help.stdout);
    const bare = yinxin([], env);
    expect(bare.status).toBe(64);
    expect(bare.stdout).toBe(help.stdout);
    expect(COMMANDS.length).toBeGreaterThan(10);
    for (const c of COMMANDS) {
      expect(c.about.trim(), c.words).not.toBe('');
      expect(c.about, c.words).not.toContain('\n');
      const at = help.stdout.indexOf(`  ${c.words}${c.args ? ` ${c.args}` : ''}`);
      expect(at, c.words).toBeGreaterThan(-1);
      expect(help.stdout.slice(at)).toContain(c.about);
    }
    expect(new Set(COMMANDS.map((c) => c.words)).size).toBe(COMMANDS.length);
    const one = yinxin(['audit', 'verify', '--help'], env);
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('audit verify [--trust LIST] [--json]');
    expect(one.stdout).not.toContain('migrate');
  });

  it('refuses arguments a command does not take, with that command\'s usage', () => {
    const extra = yinxin(['migrate', 'now'], dirsFor());
    expect(extra.status).toBe(64);
    expect(extra.stderr).toContain('unexpected argument: now');
    const option = yinxin(['audit', 'verify', '--jsn'], dirsFor());
    expect(option.status).toBe(64);
    expect(option.stderr).toContain('audit verify [--trust LIST]');
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
