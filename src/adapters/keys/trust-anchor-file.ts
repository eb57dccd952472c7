import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The platform root certificate, pinned in a file beside the key-encryption key rather than read
// from the database, so that someone who can write to the database cannot swap the trust anchor.
const ROOT_FILE = 'platform-root-ca.pem';

const toPem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/**
 * Write the root certificate of newly made platform keys. A file left from an earlier key set
 * (its database is gone, or keys were made anew) is moved aside, never overwritten, and named in
 * the result so the caller can warn.
 */
export function writeRootCertificate(keysDir: string, der: Uint8Array, now: Date): { file: string; movedAside?: string } {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = join(keysDir, ROOT_FILE);
  let movedAside: string | undefined;
  if (existsSync(file)) {
    movedAside = `${file}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedAside);
  }
  writeFileSync(file, toPem(der), { flag: 'wx', mode: 0o644 });
  return movedAside ? { file, movedAside } : { file };
}

/** The pinned root certificates (DER), or none when the file is absent. */
export function readTrustAnchors(keysDir: string): Uint8Array[] {
  const file = join(keysDir, ROOT_FILE);
  if (!existsSync(file)) return [];
  const pem = readFileSync(file, 'utf8');
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
    .map((m) => new Uint8Array(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64')));
}
