/**
 * A single certificate signature check, for callers that already know the issuer.
 */
import { isSm2PublicKey } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import { verifySignedBytes } from './signature.ts';

/**
 * True when `cert` carries a valid SM3withSM2 signature (default ID) by `issuer`'s key, over
 * the original tbsCertificate bytes. Checks nothing else: use {@link validatePath} for trust.
 */
export function verifyCertificateSignature(cert: Certificate, issuer: Certificate): boolean {
  return isSm2PublicKey(issuer.publicKeyInfo) &&
    verifySignedBytes(issuer.publicKey, cert.tbs, cert.signatureAlgorithm, cert.signatureValue);
}
