// The facts an operator relies on in the deployment files, read from the files themselves (no
// container runtime here): the image runs Node 22 as its own user with writable data and key
// volumes and checks health on the configured port; the compose stack passes every secret as a
// file that a setting reads, and migrates before the service starts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settings } from '../../src/config/schema.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('compose.yaml');

/** The lines of one top-level block of compose.yaml (`services:`, `secrets:`…), or of one service in it. */
function block(text: string, key: string, indent = ''): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${indent}${key}:`);
  expect(start, `${indent}${key}: in compose.yaml`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.trim() !== '' && !l.startsWith(`${indent} `) && !l.trim().startsWith('#'));
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

describe('Dockerfile', () => {
  const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(runStage)?.[1];

  it('builds production dependencies only, on Node 22', () => {
    expect([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(['node:22-bookworm-slim', 'node:22-bookworm-slim']);
    expect(dockerfile).toMatch(/npm ci --omit=dev .*--nodedir=\/usr\/local/);
  });

  it('gives the image user its data and key directories as volumes', () => {
    const data = env('DATA_DIR');
    const keys = env('KEYS_DIR');
    expect(data && keys).toBeTruthy();
    expect(keys!.startsWith('/run/secrets')).toBe(false); // compose mounts secrets there, read-only
    const volume = /^VOLUME \[(.*)\]$/m.exec(runStage)?.[1] ?? '';
    expect(volume).toContain(`"${data}"`);
    expect(volume).toContain(`"${keys}"`);
    const chown = runStage.indexOf('chown -R node:node');
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(runStage.indexOf('VOLUME ['));
    expect(chown).toBeLessThan(runStage.indexOf('USER node'));
  });

  it('checks health on the configured port', () => {
    const health = /^HEALTHCHECK[\s\S]*?CMD (.*)$/m.exec(runStage)?.[1] ?? '';
    expect(health).toContain('process.env.PORT');
    expect(health).toContain('/healthz');
    expect(health).not.toMatch(/127\.0\.0\.1:8080/);
  });
});

describe('compose.yaml', () => {
  const services = block(compose, 'services');
  const declaredSecrets = [...block(compose, 'secrets').matchAll(/^ {2}(\w+): \{ file: \.\/secrets\/(\w+) \}$/gm)].map((m) => m[1]);

  it('runs MySQL 8, Redis 7 and yinxin, yinxin after the setup that migrates', () => {
    expect(block(services, 'mysql', '  ')).toMatch(/image: mysql:8\b/);
    expect(block(services, 'redis', '  ')).toMatch(/image: redis:7\b/);
    const setup = block(services, 'setup', '  ');
    expect(setup).toMatch(/yinxin\.ts migrate/);
    expect(block(services, 'yinxin', '  ')).toMatch(/setup: \{ condition: service_completed_successfully \}/);
  });

  it('passes every secret as a file that a setting reads, and none in the environment', () => {
    const secretVars = Object.values(settings).filter((s) => s.secret).map((s) => s.envVar);
    const fileVars = [...compose.matchAll(/^\s+(\w+)_FILE: \/run\/secrets\/(\w+)$/gm)];
    expect(fileVars.length).toBeGreaterThanOrEqual(7);
    for (const [, name, secret] of fileVars) {
      const known = name === 'KEK' || name!.startsWith('MYSQL_') || secretVars.includes(name as never);
      expect(known, `${name}_FILE is read by yinxin or MySQL`).toBe(true);
      expect(declaredSecrets).toContain(secret);
    }
    for (const name of [...secretVars, 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD']) {
      const value = new RegExp(`^\\s+${name}: (.*)$`, 'm').exec(compose)?.[1];
      // A URL setting is secret for the password it may carry; one without any may stand here.
      if (value !== undefined && /^\w+:\/\/[^@]+$/.test(value)) continue;
      expect(value, `${name} given in the clear`).toBeUndefined();
    }
  });

  it('has every secret file made by scripts/compose-secrets.sh', () => {
    const made = [...read('scripts/compose-secrets.sh').matchAll(/^secret (\w+) /gm)].map((m) => m[1]);
    expect(made.sort()).toEqual([...declaredSecrets].sort());
  });
});

describe('.dockerignore', () => {
  it('keeps local installs, data, keys and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
    for (const p of ['.git', 'node_modules', 'build', 'data', 'keys', 'secrets', 'test-artifacts']) expect(ignored).toContain(p);
  });
});
