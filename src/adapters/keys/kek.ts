import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../domain/errors.ts';

/** Key-encryption keys by id; `current` wraps new keys, the others only unwrap. */
export interface KekRing {
  current: { id: string; key: Uint8Array };
  get(id: string): Uint8Array | undefined;
}

const ENTRY = /^([A-Za-z0-9._-]{1,64}):([A-Za-z0-9+/=_-]+)$/;

/**
 * Parse `id:base64key` entries (16 or 32 bytes each), separated by commas or new lines; the
 * first is current. Lines starting with # are comments.
 */
export function parseKekRing(text: string, source: string): KekRing {
  const keys = new Map<string, Uint8Array>();
  let current: { id: string; key: Uint8Array } | undefined;
  const entries = text.split('\n').filter((line) => !line.trim().startsWith('#')).flatMap((line) => line.split(','));
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = ENTRY.exec(entry);
    const key = m ? Buffer.from(m[2] as string, 'base64') : undefined;
    if (!m || !key || (key.length !== 16 && key.length !== 32)) {
      throw new AppError('ERR_VALIDATION', `${source}: each key-encryption key must be id:base64 of 16 or 32 bytes`);
    }
    keys.set(m[1] as string, key);
    current ??= { id: m[1] as string, key };
  }
  if (!current) throw new AppError('ERR_VALIDATION', `${source}: no key-encryption key`);
  return { current, get: (id) => keys.get(id) };
}

/**
 * The KEK ring from the environment value when given, else from the file; in development a
 * missing file is created with a fresh random key (mode 0600). Never from the database.
 */
export function loadKekRing(opts: { value?: string; file: string; createIfMissing: boolean }): KekRing {
  if (opts.value) return parseKekRing(opts.value, 'KEK');
  if (!existsSync(opts.file)) {
    if (!opts.createIfMissing) throw new AppError('ERR_NOT_READY', `no key-encryption key: set KEK or provide ${opts.file}`);
    mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
    const line = `# yinxin key-encryption key ring: id:base64, first line is current\nkek-${new Date().toISOString().slice(0, 10)}:${randomBytes(32).toString('base64')}\n`;
    writeFileSync(opts.file, line, { mode: 0o600, flag: 'wx' });
  }
  return parseKekRing(readFileSync(opts.file, 'utf8'), opts.file);
}
