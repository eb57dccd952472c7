import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// CAs outside the platform that the operator imported for certificate login, with their CRLs,
// read from one folder. Read again at most once a minute, so that a CRL dropped in by a fetch job
// counts without a restart; a CA whose CRL has gone stale then stops signing anyone in.

const REREAD_MS = 60_000;

function blocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64')));
}

/** PEM (one or more blocks) or a single DER object. */
function objects(file: string, label: string): Uint8Array[] {
  const raw = readFileSync(file);
  const text = raw.toString('latin1');
  return text.includes('-----BEGIN ') ? blocks(text, label) : [new Uint8Array(raw)];
}

export function readCertLoginCas(dir: string): { anchors: Uint8Array[]; crls: Uint8Array[] } {
  if (!existsSync(dir)) return { anchors: [], crls: [] };
  const anchors: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (/\.(crt|cer|pem)$/i.test(name)) anchors.push(...objects(join(dir, name), 'CERTIFICATE'));
    else if (/\.crl$/i.test(name)) crls.push(...objects(join(dir, name), 'X509 CRL'));
  }
  return { anchors, crls };
}

/** The folder's contents, re-read when the last read is older than a minute. */
export function certLoginCaDir(dir: string | undefined, now: () => number = Date.now): () => { anchors: Uint8Array[]; crls: Uint8Array[] } {
  let cached = { anchors: [] as Uint8Array[], crls: [] as Uint8Array[] };
  let readAt = -Infinity;
  return () => {
    if (dir === undefined) return cached;
    if (now() - readAt >= REREAD_MS) {
      cached = readCertLoginCas(dir);
      readAt = now();
    }
    return cached;
  };
}
