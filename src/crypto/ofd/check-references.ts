/**
 * The References of an OFD signature: each protected file must exist and its digest (by the
 * stated CheckMethod) must equal its CheckValue. Any miss is a HASH_FAILURE: the document shown
 * is not the document signed.
 */
import { createHash } from 'node:crypto';
import type { CheckRow } from '../ses/verify/result.ts';
import type { OfdReference } from './signature-xml.ts';

// CheckMethod values seen in OFD files, by name or OID, mapped to node:crypto names.
// `1.2.156.10197.1.401.2` is strictly HMAC-SM3, but the reference implementation and files from
// a common producer write it for the plain SM3 digest of each file (no key exists to make an
// HMAC with): their check values are SM3, so it is read as SM3.
const METHODS: Readonly<Record<string, string>> = {
  'sm3': 'sm3', '1.2.156.10197.1.401': 'sm3', '1.2.156.10197.1.401.2': 'sm3',
  'md5': 'md5', '1.2.840.113549.2.5': 'md5',
  'sha1': 'sha1', 'sha-1': 'sha1', '1.3.14.3.2.26': 'sha1',
  'sha256': 'sha256', 'sha-256': 'sha256', '2.16.840.1.101.3.4.2.1': 'sha256',
};

/** Outcome per reference. */
export interface ReferenceResult {
  readonly fileRef: string;
  readonly path: string;
  readonly status: 'match' | 'mismatch' | 'missing';
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Checks every reference; `read` returns a package file's bytes or undefined. */
export function checkReferences(
  checkMethod: string, references: readonly OfdReference[], read: (path: string) => Uint8Array | undefined,
): { row: CheckRow; results: ReferenceResult[] } {
  const method = METHODS[checkMethod.trim().toLowerCase()];
  if (method === undefined) {
    return { row: { id: 'ofd-references', status: 'indeterminate', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE', message: `unsupported CheckMethod ${checkMethod}` }, results: [] };
  }
  const results = references.map((r): ReferenceResult => {
    const bytes = read(r.path);
    if (bytes === undefined) return { fileRef: r.fileRef, path: r.path, status: 'missing' };
    return { fileRef: r.fileRef, path: r.path, status: equal(createHash(method).update(bytes).digest(), r.checkValue) ? 'match' : 'mismatch' };
  });
  const bad = results.filter((r) => r.status !== 'match');
  const details = { checkMethod, references: String(results.length), failed: bad.map((r) => `${r.status}: ${r.path}`).join(', ') };
  if (results.length === 0) return { row: { id: 'ofd-references', status: 'failed', subIndication: 'FORMAT_FAILURE', message: 'the signature protects no files', details }, results };
  return bad.length === 0
    ? { row: { id: 'ofd-references', status: 'passed', message: `all ${results.length} protected files match their check values`, details }, results }
    : { row: { id: 'ofd-references', status: 'failed', subIndication: 'HASH_FAILURE', message: `${bad.length} of ${results.length} protected files do not match`, details }, results };
}
