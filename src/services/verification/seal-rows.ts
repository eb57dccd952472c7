// From a seal verification (ETSI indication and sub-indication, as the PDF, OFD and SES
// verifiers report it) to the verdict's integrity, signature and issuer rows.
import { checkRow } from '../../domain/verdict.ts';
import type { CheckCode, VerdictCheck } from '../../domain/verdict.ts';
import type { RegistryCheck } from '../seals/seal-registry-check.ts';

export interface SealIndication {
  readonly indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';
  readonly subIndication?: string | undefined;
}

const BROKEN = new Set(['SIG_CRYPTO_FAILURE', 'FORMAT_FAILURE']);
const UNTRUSTED = new Set(['NO_CERTIFICATE_CHAIN_FOUND', 'NO_SIGNING_CERTIFICATE_FOUND', 'CHAIN_CONSTRAINTS_FAILURE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE', 'CRYPTO_CONSTRAINTS_FAILURE', 'SIG_CONSTRAINTS_FAILURE']);
const AT_SIGNING: Readonly<Record<string, CheckCode>> = {
  REVOKED: 'SIGNATURE_SEAL_REVOKED_AT_SIGNING', EXPIRED: 'SIGNATURE_SEAL_EXPIRED_AT_SIGNING', NOT_YET_VALID: 'SIGNATURE_SEAL_NOT_YET_VALID_AT_SIGNING',
};

/**
 * Integrity, signature and issuer rows for one seal. `modifiedAfterSigning` (PDF) counts as
 * tampering: a public verdict is on the file as presented, not on an earlier revision.
 */
export function sealRows(v: SealIndication, opts: { modifiedAfterSigning?: boolean; registry?: RegistryCheck } = {}): VerdictCheck[] {
  const sub = v.indication === 'TOTAL_PASSED' ? undefined : v.subIndication ?? (v.indication === 'INDETERMINATE' ? 'TRY_LATER' : 'FORMAT_FAILURE');
  const broken = sub !== undefined && BROKEN.has(sub);
  const integrity: CheckCode = opts.modifiedAfterSigning ? 'INTEGRITY_CHANGED_AFTER_SEALING'
    : sub === 'HASH_FAILURE' ? 'INTEGRITY_HASH_MISMATCH'
    : broken || sub === 'SIGNED_DATA_NOT_FOUND' ? 'CHECK_UNAVAILABLE' : 'INTEGRITY_OK';
  const signature: CheckCode = broken ? 'SIGNATURE_INVALID'
    : sub !== undefined && AT_SIGNING[sub] !== undefined ? AT_SIGNING[sub] as CheckCode
    : sub === 'TRY_LATER' || sub === 'SIGNED_DATA_NOT_FOUND' ? 'CHECK_UNAVAILABLE' : 'SIGNATURE_OK';
  const notRegistered = opts.registry?.status === 'failed' && opts.registry.subIndication === 'SIG_CONSTRAINTS_FAILURE';
  const issuer: CheckCode = broken ? 'ISSUER_NOT_CHECKED'
    : notRegistered ? 'ISSUER_NOT_REGISTERED_SEAL'
    : sub !== undefined && UNTRUSTED.has(sub) ? 'ISSUER_UNKNOWN' : 'ISSUER_TRUSTED';
  return [checkRow('integrity', integrity), checkRow('signature', signature), checkRow('issuer', issuer)];
}
