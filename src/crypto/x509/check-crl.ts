/**
 * Deciding whether a CRL may be relied on for an issuer at a given time, and what it says
 * about one certificate.
 */
import { CryptoError } from '../errors.ts';
import { isSm2PublicKey } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import type { Crl, RevokedCertificate } from './crl.ts';
import { namesMatch } from './names.ts';
import { verifySignedBytes } from './signature.ts';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * True when the CRL claims to come from this issuer: same name and, when both sides carry key
 * identifiers, the same key. Says nothing about the signature.
 */
export function crlMatchesIssuer(crl: Crl, issuer: Certificate): boolean {
  if (!namesMatch(crl.issuer, issuer.subject)) return false;
  const aki = crl.authorityKeyIdentifier?.keyIdentifier;
  const ski = issuer.subjectKeyIdentifier;
  return aki === undefined || ski === undefined || sameBytes(aki, ski);
}

/**
 * Checks that `crl` was signed by `issuer`, that the issuer may sign CRLs, that we understand
 * every critical extension, and that it is current at `at` (thisUpdate ≤ at ≤ nextUpdate).
 *
 * Throws `ERR_CRL_ISSUER` (not this issuer's, or the issuer lacks cRLSign),
 * `ERR_CRL_UNSUPPORTED` (delta or partitioned CRL, indirect entries),
 * `ERR_CRL_SIGNATURE`, or `ERR_CRL_STALE` (also when nextUpdate is absent: freshness unknown).
 * The signature is checked before freshness, so a stale CRL is known to be genuine.
 */
export function checkCrl(crl: Crl, issuer: Certificate, at: Date): void {
  if (!crlMatchesIssuer(crl, issuer)) {
    throw new CryptoError('ERR_CRL_ISSUER', `CRL issuer ${crl.issuer.text} is not ${issuer.subject.text}`);
  }
  if (issuer.keyUsage !== undefined && !issuer.keyUsage.includes('cRLSign')) {
    throw new CryptoError('ERR_CRL_ISSUER', `${issuer.subject.text} may not sign CRLs (no cRLSign)`);
  }
  if (crl.unhandledCriticalExtensions.length > 0) {
    throw new CryptoError('ERR_CRL_UNSUPPORTED', `CRL has unsupported critical extensions: ${crl.unhandledCriticalExtensions.join(', ')}`);
  }
  if (!isSm2PublicKey(issuer.publicKeyInfo) ||
    !verifySignedBytes(issuer.publicKey, crl.tbs, crl.signatureAlgorithm, crl.signatureValue)) {
    throw new CryptoError('ERR_CRL_SIGNATURE', `CRL signature by ${issuer.subject.text} does not verify`);
  }
  const t = at.getTime();
  if (t < crl.thisUpdate.getTime()) {
    throw new CryptoError('ERR_CRL_STALE', `CRL of ${issuer.subject.text} issued ${crl.thisUpdate.toISOString()}, after ${at.toISOString()}`);
  }
  if (crl.nextUpdate === undefined) {
    throw new CryptoError('ERR_CRL_STALE', `CRL of ${issuer.subject.text} has no nextUpdate, so its freshness is unknown`);
  }
  if (t > crl.nextUpdate.getTime()) {
    throw new CryptoError('ERR_CRL_STALE', `CRL of ${issuer.subject.text} expired ${crl.nextUpdate.toISOString()}`);
  }
}

/** The CRL entry for a certificate, or undefined when the CRL does not list it. */
export function findRevocation(crl: Crl, cert: Certificate): RevokedCertificate | undefined {
  return crl.revoked.find((r) => r.serialNumber === cert.serialNumber);
}
