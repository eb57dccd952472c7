// From a seal verification (ETSI indication and sub-indication, as the PDF, OFD and SES
// verifiers report it, and the facts behind it: seal-facts.ts) to the verdict's integrity,
// signature and issuer rows.
//
// Each row says only what its own check established. The sub-indication names the first thing
// that went wrong, not everything: a seal whose content changed may also have an unknown
// issuer, and one whose chain was never built has no trusted issuer. So the integrity row comes
// from the hash comparisons, the signature row from the signature maths, and the issuer row is
// "trusted" only when every certificate was chained to a trust anchor. A seal in a form we do
// not read is "cannot be checked", never "invalid".
import { checkRow, namingFiles, verdictNote } from '../../domain/verdict.ts';
import type { CheckCode, VerdictCheck, VerdictNote } from '../../domain/verdict.ts';
import type { RegistryCheck } from '../seals/seal-registry-check.ts';
import type { SealFacts } from './seal-facts.ts';

export interface SealIndication {
  readonly indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';
  readonly subIndication?: string | undefined;
}

/** A form we do not read, or data missing from it: the seal cannot be checked here. */
const UNREADABLE = new Set(['FORMAT_FAILURE', 'NO_SIGNING_CERTIFICATE_FOUND']);
const UNTRUSTED = new Set(['NO_CERTIFICATE_CHAIN_FOUND', 'CHAIN_CONSTRAINTS_FAILURE', 'CERTIFICATE_CHAIN_GENERAL_FAILURE', 'CRYPTO_CONSTRAINTS_FAILURE', 'SIG_CONSTRAINTS_FAILURE']);
const AT_SIGNING: Readonly<Record<string, CheckCode>> = {
  REVOKED: 'SIGNATURE_SEAL_REVOKED_AT_SIGNING', EXPIRED: 'SIGNATURE_SEAL_EXPIRED_AT_SIGNING', NOT_YET_VALID: 'SIGNATURE_SEAL_NOT_YET_VALID_AT_SIGNING',
};

function integrityCode(sub: string | undefined, facts: SealFacts, modifiedAfterSigning: boolean): CheckCode {
  if (modifiedAfterSigning) return 'INTEGRITY_CHANGED_AFTER_SEALING';
  if (facts.integrity === 'mismatch' || sub === 'HASH_FAILURE') return 'INTEGRITY_HASH_MISMATCH';
  if (facts.integrity === 'intact') return 'INTEGRITY_OK';
  return sub !== undefined && UNREADABLE.has(sub) ? 'INTEGRITY_NOT_CHECKED' : 'CHECK_UNAVAILABLE';
}

function signatureCode(sub: string | undefined, facts: SealFacts): CheckCode {
  if (facts.signature === 'invalid' || sub === 'SIG_CRYPTO_FAILURE') return 'SIGNATURE_INVALID';
  if (sub !== undefined && UNREADABLE.has(sub)) return 'SIGNATURE_CANNOT_CHECK';
  if (sub !== undefined && AT_SIGNING[sub] !== undefined) return AT_SIGNING[sub] as CheckCode;
  if (sub === 'TRY_LATER' || sub === 'SIGNED_DATA_NOT_FOUND') return 'CHECK_UNAVAILABLE';
  return facts.signature === 'valid' ? 'SIGNATURE_OK' : 'SIGNATURE_CANNOT_CHECK';
}

function issuerCode(sub: string | undefined, facts: SealFacts, registry: RegistryCheck | undefined, othersPassed: boolean): CheckCode {
  if (registry?.status === 'failed' && registry.subIndication === 'SIG_CONSTRAINTS_FAILURE') return 'ISSUER_NOT_REGISTERED_SEAL';
  const untrusted = sub !== undefined && UNTRUSTED.has(sub);
  switch (facts.chain) {
    case 'not-found': return 'ISSUER_UNKNOWN';
    case 'invalid': return untrusted ? 'ISSUER_UNKNOWN' : 'ISSUER_NOT_CONFIRMED';
    case 'anchored': return untrusted ? 'ISSUER_UNKNOWN' : 'ISSUER_TRUSTED';
    // Never built: nothing to say while another row already fails; never a pass by default.
    default: return othersPassed ? 'CHECK_UNAVAILABLE' : 'ISSUER_NOT_CHECKED';
  }
}

function expiryNotes(facts: SealFacts): VerdictNote[] {
  return facts.expiredSince.map((e) => verdictNote(e.role === 'seal-maker' ? 'SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING' : 'SIGNER_CERT_EXPIRED_SINCE_SIGNING', e.notAfter));
}

/**
 * Integrity, signature and issuer rows for one seal. `modifiedAfterSigning` (PDF) counts as
 * tampering: a public verdict is on the file as presented, not on an earlier revision.
 * `changedFiles` (OFD: protected files whose check value no longer matches, or that are gone)
 * are named in the integrity row when it says the content changed.
 */
export function sealRows(v: SealIndication, facts: SealFacts, opts: { modifiedAfterSigning?: boolean; registry?: RegistryCheck; changedFiles?: readonly string[] } = {}): VerdictCheck[] {
  const sub = v.indication === 'TOTAL_PASSED' ? undefined : v.subIndication ?? (v.indication === 'INDETERMINATE' ? 'TRY_LATER' : 'FORMAT_FAILURE');
  const integrity = integrityCode(sub, facts, opts.modifiedAfterSigning === true);
  let signature = signatureCode(sub, facts);
  const issuer = issuerCode(sub, facts, opts.registry, integrity === 'INTEGRITY_OK' && signature === 'SIGNATURE_OK');
  // The verifier did not pass this seal, yet no row says why (a check these rows do not name):
  // the seal is not confirmed, whatever the rows above found.
  if (v.indication !== 'TOTAL_PASSED' && integrity === 'INTEGRITY_OK' && signature === 'SIGNATURE_OK' && issuer === 'ISSUER_TRUSTED') signature = 'CHECK_UNAVAILABLE';
  return [
    integrity === 'INTEGRITY_HASH_MISMATCH' ? namingFiles(checkRow('integrity', integrity), opts.changedFiles ?? []) : checkRow('integrity', integrity),
    checkRow('signature', signature, signature === 'SIGNATURE_OK' ? expiryNotes(facts) : []),
    checkRow('issuer', issuer),
  ];
}
