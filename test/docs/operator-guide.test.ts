// docs/operator.md, walked as a new operator follows it: every command in its shell blocks is run
// here, in the guide's order, on fresh data and key folders, and what the guide says it does is
// checked (the setup hint on an empty database, the issuer and discovery URLs, the home page and
// the API reference, imports, the audit check, key rotation). A command added to the guide without
// a step here fails the first test, so the guide cannot drift from what the commands do.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';

const guide = readFileSync(fileURLToPath(new URL('../../docs/operator.md', import.meta.url)), 'utf8');
const cli = fileURLToPath(new URL('../../src/cli/yinxin.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'yinxin-guide-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command lines of the guide's shell blocks, comments and continuation lines left out. */
function guideCommands(): string[] {
  const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('-') && !line.startsWith('curl') && !line.startsWith('"'));
}

/** The guide's lines this walk runs, each with the step that runs it. */
const WALKED: Record<string, string> = {
  'npm ci && npm start': 'start on an empty database',
  'yinxin setup': 'set up the organisation',
  'yinxin migrate': 'production order',
  'yinxin keys init': 'production order',
  'yinxin setup --org-name … --credit-code … --admin-staff-number … --admin-name …': 'production order',
  'yinxin start': 'production order',
  'yinxin staff import staff.csv --passwords initial-passwords.csv': 'imports',
  'yinxin licences import licences.csv --staff ISSUER_STAFF_NUMBER': 'imports',
};

const PUBLIC_URL = 'https://id.example.gov.cn';
const SETUP = ['setup', '--org-name', '某市人民政府', '--credit-code', '11330100MB0000001R', '--admin-staff-number', 'A001', '--admin-name', '王管理'];

function folder(name: string): { DATA_DIR: string; KEYS_DIR: string; PUBLIC_URL: string; LOG_LEVEL: string } {
  return { DATA_DIR: join(root, name, 'data'), KEYS_DIR: join(root, name, 'keys'), PUBLIC_URL, LOG_LEVEL: 'silent' };
}

function yinxin(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', input: '', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, text: `${r.stdout}\n${r.stderr}` };
}

interface Running { child: ChildProcess; port: number; stderr: () => string; stop: () => Promise<number | null> }

/** `yinxin start` on a free port, once it listens. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [cli, 'start'], { env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' }, cwd: root });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no listen line: ${out}${err}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /"port":(\d+)[^}]*"msg":"yinxin listening"/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, stderr: () => err, stop: async () => { child.kill('SIGTERM'); return exited; } };
}

/** The service's words on stderr come after its listen line; give them a moment. */
async function eventually(read: () => string, needle: string): Promise<string> {
  for (let i = 0; i < 100 && !read().includes(needle); i++) await new Promise((r) => setTimeout(r, 100));
  return read();
}

describe('the operator guide, walked', () => {
  it('has a step here for every command it gives, and each names a real command', () => {
    const lines = guideCommands();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(WALKED[line], `docs/operator.md: "${line}" is not walked by this test`).toBeDefined();
      if (line.startsWith('yinxin ')) {
        const words = line.slice('yinxin '.length);
        expect(COMMANDS.some((c) => words === c.words || words.startsWith(`${c.words} `)), line).toBe(true);
      }
    }
  });

  it('first start: the service says setup is needed; setup creates the organisation once; imports and checks work', async () => {
    const env = folder('first');
    const empty = await start(env);
    try {
      const said = await eventually(empty.stderr, 'npm run yinxin -- setup');
      expect(said).toContain('setup is needed');
      expect(said).toContain('npm run yinxin -- setup --demo');
    } finally {
      expect(await empty.stop()).toBe(0);
    }

    const setup = yinxin(SETUP, env);
    expect(setup.status, setup.text).toBe(0);
    expect(setup.stdout).toContain('created: administrator A001 王管理 (roles system_admin, security_admin)');
    expect(setup.stdout).toContain(`sign in at ${PUBLIC_URL}/admin`);
    const again = yinxin(SETUP, env);
    expect(again.status, again.text).toBe(0);
    expect(again.stdout).toContain('nothing changed');

    // Imports: staff into the root department setup made; a rerun creates nothing twice.
    const staffCsv = join(root, 'staff.csv');
    writeFileSync(staffCsv, 'staffNumber,name,departmentId,roles\nS100,张三,root,clerk\nS101,李四,root,licence_issuer\n');
    const passwords = join(root, 'initial-passwords.csv');
    const imported = yinxin(['staff', 'import', staffCsv, '--passwords', passwords], env);
    expect(imported.status, imported.text).toBe(0);
    expect(readFileSync(passwords, 'utf8')).toMatch(/S100/);
    rmSync(passwords);
    const reimported = yinxin(['staff', 'import', staffCsv, '--passwords', passwords], env);
    expect(reimported.status, reimported.text).toBe(0);

    // Backups and keys: the audit check passes; a token-signing key is added.
    const verified = yinxin(['audit', 'verify'], env);
    expect(verified.status, verified.text).toBe(0);
    const rotated = yinxin(['keys', 'rotate', 'oidc'], env);
    expect(rotated.status, rotated.text).toBe(0);
  }, 240_000);

  it('production order: migrate, keys init, setup by flags, start; the issuer, discovery, home page and API reference are where the guide says', async () => {
    const env = { ...folder('production'), MIGRATE_ON_START: 'false' };
    expect(yinxin(['migrate'], env).status).toBe(0);
    const keys = yinxin(['keys', 'init'], env);
    expect(keys.status, keys.text).toBe(0);
    expect(existsSync(join(env.KEYS_DIR, 'platform-root-ca.pem'))).toBe(true);
    const setup = yinxin(SETUP, env);
    expect(setup.status, setup.text).toBe(0);

    const svc = await start(env);
    try {
      const base = `http://127.0.0.1:${svc.port}`;
      const home = await (await fetch(`${base}/`)).text();
      expect(home).toContain(`${PUBLIC_URL}/oidc`);
      expect(home).toContain(`${PUBLIC_URL}/oidc/.well-known/openid-configuration`);
      const root = await fetch(`${base}/.well-known/openid-configuration`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toMatch(/\/oidc\/\.well-known\/openid-configuration$/);
      const discovery = await (await fetch(`${base}/oidc/.well-known/openid-configuration`)).json() as { issuer: string; scopes_supported: string[] };
      expect(discovery.issuer).toBe(`${PUBLIC_URL}/oidc`);
      // The scopes the guide lists for apps are the ones discovery publishes.
      for (const scope of ['openid', 'profile', 'phone', 'id_card', 'org', 'staff', 'offline_access']) expect(discovery.scopes_supported).toContain(scope);
      expect((await fetch(`${base}/api/docs`)).status).toBe(200);
      const api = await (await fetch(`${base}/api/openapi.json`)).json() as { paths: Record<string, unknown> };
      for (const path of ['/api/admin/apps', '/api/seals', '/api/seals/{id}/grants', '/api/licences', '/api/licences/{id}/suspend', '/api/licences/imports', '/api/admin/staff/imports']) {
        expect(api.paths[path], path).toBeDefined();
      }
      expect(svc.stderr()).not.toContain('setup is needed');
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  }, 240_000);

  it('imports licences as an issuer of the demo city', () => {
    const env = folder('demo');
    const demo = yinxin(['setup', '--demo'], env);
    expect(demo.status, demo.text).toBe(0);
    expect(demo.stdout).toContain('DEMO-PSB-ISSUER');
    const csv = join(root, 'licences.csv');
    writeFileSync(csv, 'key,typeCode,name,gender,idNumber,purpose,statement,queriedOn\n'
      + 'guide-licence-0001,11330100MB10000036001,张三,男,110105199003070017,求职,经查询，未发现该人有犯罪记录。,2026-01-05\n');
    const first = yinxin(['licences', 'import', csv, '--staff', 'DEMO-PSB-ISSUER'], env);
    expect(first.status, first.text).toBe(0);
    expect(first.stdout).toContain('1 lines: 1 issued, 0 already issued, 0 failed');
    const rerun = yinxin(['licences', 'import', csv, '--staff', 'DEMO-PSB-ISSUER'], env);
    expect(rerun.status, rerun.text).toBe(0);
    expect(rerun.stdout).toContain('1 lines: 0 issued, 1 already issued, 0 failed');
  }, 240_000);
});
