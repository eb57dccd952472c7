/**
 * The one place where X.509 structures (certificates, CRLs) have their SM3withSM2 signatures
 * checked and made. Signatures use the default distinguishing ID `1234567812345678`, as
 * GM/T 0015 prescribes for certificates.
 */
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import { SM2_DEFAULT_ID, verify } from '../sm2.ts';
import { isSm3WithSm2 } from './algorithms.ts';
import type { AlgorithmIdentifier } from './algorithms.ts';
import { OID_SM3_WITH_SM2 } from './oids.ts';

/**
 * True when `signature` is a valid SM3withSM2 signature by `publicKey` over `signed`.
 * Returns false (never throws) for any other algorithm, a malformed key or signature.
 */
export function verifySignedBytes(
  publicKey: Uint8Array, signed: Uint8Array, alg: AlgorithmIdentifier, signature: Uint8Array,
): boolean {
  if (!isSm3WithSm2(alg)) return false;
  try {
    return verify(publicKey, signed, signature, { id: SM2_DEFAULT_ID }) === true;
  } catch {
    return false;
  }
}

/**
 * Signs `tbs` through the signer. A signer that fails, or returns something that is not a DER
 * signature, is reported as `ERR_CERT_SIGNING` so that a broken HSM never yields a certificate.
 */
export async function signBytes(signer: Signer, tbs: Uint8Array): Promise<Uint8Array> {
  let sig: unknown;
  try {
    sig = await signer.sign(tbs);
  } catch (e) {
    throw new CryptoError('ERR_CERT_SIGNING', 'the signer failed', { cause: e });
  }
  if (!(sig instanceof Uint8Array) || sig.length < 8 || sig[0] !== 0x30) {
    throw new CryptoError('ERR_CERT_SIGNING', 'the signer did not return a DER signature');
  }
  // Check our own output: a signer whose key does not match its certificate must not issue.
  if (!verifySignedBytes(signer.publicKey, tbs, { oid: OID_SM3_WITH_SM2 }, sig)) {
    throw new CryptoError('ERR_CERT_SIGNING', 'the signature does not verify under the signer public key');
  }
  return new Uint8Array(sig);
}
