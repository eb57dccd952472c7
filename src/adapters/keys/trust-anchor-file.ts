import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The platform root certificate, pinned in a file beside the key-encryption key rather than read
// from the database, so that someone who can write to the database cannot swap the trust anchor.
const ROOT_FILE = 'platform-root-ca.pem';

const toPem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

/** Write the root certificate; never replaces an existing file. */
export function writeRootCertificate(keysDir: string, der: Uint8Array): string {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = join(keysDir, ROOT_FILE);
  writeFileSync(file, toPem(der), { flag: 'wx', mode: 0o644 });
  return file;
}

/** The pinned root certificates (DER), or none when the file is absent. */
export function readTrustAnchors(keysDir: string): Uint8Array[] {
  const file = join(keysDir, ROOT_FILE);
  if (!existsSync(file)) return [];
  const pem = readFileSync(file, 'utf8');
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
    .map((m) => new Uint8Array(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64')));
}
