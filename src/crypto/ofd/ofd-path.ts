/**
 * OFD locations (ST_Loc, GB/T 33190 §7.2): absolute from the package root when they start with
 * `/`, otherwise relative to the folder of the file that names them. A location that climbs
 * out of the package is refused (`ERR_OFD_MALFORMED`).
 */
import { CryptoError } from '../errors.ts';

/** The folder part of a package path (`Doc_0/Signs/Signatures.xml` → `Doc_0/Signs`). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Resolves `loc` against the folder `base` to a normalised package path without a leading `/`. */
export function resolveLoc(base: string, loc: string): string {
  const trimmed = loc.trim();
  if (trimmed.length === 0 || trimmed.length > 1024 || /[\\\0]/.test(trimmed)) {
    throw new CryptoError('ERR_OFD_MALFORMED', `OFD: bad location ${JSON.stringify(loc)}`);
  }
  const parts = trimmed.startsWith('/') ? [] : base.split('/').filter((p) => p !== '');
  for (const seg of trimmed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) throw new CryptoError('ERR_OFD_MALFORMED', `OFD: location ${JSON.stringify(loc)} leaves the package`);
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  if (parts.length === 0) throw new CryptoError('ERR_OFD_MALFORMED', `OFD: empty location ${JSON.stringify(loc)}`);
  return parts.join('/');
}
