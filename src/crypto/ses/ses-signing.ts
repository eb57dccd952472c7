/**
 * The one place where SES structures are signed and their signatures checked: SM3withSM2 with
 * the default distinguishing ID, over the exact bytes given.
 */
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import { SM2_DEFAULT_ID, verify } from '../sm2.ts';
import { parseCertificate } from '../x509/parse-certificate.ts';
import type { Certificate } from '../x509/certificate.ts';
import { isSm2PublicKey } from '../x509/algorithms.ts';
import { sameBytes } from './ses-der.ts';

/** SM3withSM2 (GM/T 0006). */
export const OID_SM3_WITH_SM2 = '1.2.156.10197.1.501';
/** The SM2 signature OID, which some producers write where SM3withSM2 is meant. */
export const OID_SM2_SIGN = '1.2.156.10197.1.301.1';

/** True for the algorithm OIDs that mean SM3withSM2 in seal data. */
export function isSm2SignatureAlgorithm(oid: string): boolean {
  return oid === OID_SM3_WITH_SM2 || oid === OID_SM2_SIGN;
}

/**
 * True when `signature` (DER or raw r ‖ s) is an SM2 signature by `publicKey` over `signed`.
 * Never throws: a malformed key or signature is simply not a valid signature.
 */
export function verifySesBytes(publicKey: Uint8Array, signed: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(publicKey, signed, signature, { id: SM2_DEFAULT_ID }) === true;
  } catch {
    return false;
  }
}

/**
 * The signer's own certificate, checked to be an SM2 certificate for the signer's key.
 * Throws `ERR_SES_SIGNER` otherwise.
 */
export function signerCertificate(signer: Signer): Certificate {
  const der = signer?.certificateChain?.[0];
  if (!(der instanceof Uint8Array)) throw new CryptoError('ERR_SES_SIGNER', 'the signer has no certificate');
  let cert: Certificate;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    throw new CryptoError('ERR_SES_SIGNER', 'the signer certificate cannot be parsed', { cause: e });
  }
  if (!isSm2PublicKey(cert.publicKeyInfo) || !sameBytes(cert.publicKey, signer.publicKey)) {
    throw new CryptoError('ERR_SES_SIGNER', 'the signer key does not match its certificate');
  }
  return cert;
}

/**
 * Signs `tbs` through the signer and checks the result, so that a broken key store or a key that
 * does not match the certificate never yields seal data. Throws `ERR_SES_SIGNING`.
 */
export async function signSesBytes(signer: Signer, tbs: Uint8Array): Promise<Uint8Array> {
  let sig: unknown;
  try {
    sig = await signer.sign(tbs);
  } catch (e) {
    throw new CryptoError('ERR_SES_SIGNING', 'the signer failed', { cause: e });
  }
  if (!(sig instanceof Uint8Array) || !verifySesBytes(signer.publicKey, tbs, sig)) {
    throw new CryptoError('ERR_SES_SIGNING', 'the signer returned a signature that does not verify');
  }
  return Uint8Array.from(sig);
}
