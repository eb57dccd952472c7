/**
 * Whether a certificate is listed in a seal's certList: by its DER (certListType 1) or by a
 * digest of its DER (certListType 2, the digest algorithm named by each entry).
 */
import { createHash } from 'node:crypto';
import type { SES_ESPropertyInfo } from './SES_ESPropertyInfo.ts';
import { sameBytes } from './ses-der.ts';

// Digest names seen in certDigestList entries, by name or OID, mapped to node:crypto names.
const DIGESTS: Readonly<Record<string, string>> = {
  'sm3': 'sm3', '1.2.156.10197.1.401': 'sm3',
  'sha1': 'sha1', 'sha-1': 'sha1', '1.3.14.3.2.26': 'sha1',
  'sha256': 'sha256', 'sha-256': 'sha256', '2.16.840.1.101.3.4.2.1': 'sha256',
};

/** The node:crypto digest name for a certDigestList type, or undefined when unknown. */
export function digestName(type: string): string | undefined {
  return DIGESTS[type.trim().toLowerCase()];
}

/** True when `certDer` appears in the property's certList. */
export function isListedInSeal(property: SES_ESPropertyInfo, certDer: Uint8Array): boolean {
  if (property.certListType === 1) return property.certList.some((c) => sameBytes(c, certDer));
  return property.certList.some((d) => {
    const name = digestName(d.type);
    return name !== undefined && sameBytes(new Uint8Array(createHash(name).update(certDer).digest()), d.value);
  });
}
