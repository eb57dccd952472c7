/**
 * The checks on the seal itself: the maker's signature over the original seal information,
 * the seal's validity window at the signing time, and whether the signer is listed in it.
 */
import { parseCertificate } from '../../x509/parse-certificate.ts';
import { isSm2PublicKey } from '../../x509/algorithms.ts';
import { sealSignatureParts } from '../any-seal.ts';
import type { AnySESeal } from '../any-seal.ts';
import { isListedInSeal } from '../cert-list.ts';
import { isSm2SignatureAlgorithm, verifySesBytes } from '../ses-signing.ts';
import type { CheckId, CheckRow } from './result.ts';

/**
 * An SM2 signature by the key in `certDer` over `signed`. The key is taken from the embedded
 * certificate only to do the maths; whether that certificate is trusted is a separate row.
 */
export function checkSm2Signature(id: CheckId, what: string, certDer: Uint8Array, algorithm: string, signed: Uint8Array, signature: Uint8Array): CheckRow {
  if (!isSm2SignatureAlgorithm(algorithm)) {
    return { id, status: 'failed', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE', message: `${what}: unsupported algorithm ${algorithm}` };
  }
  let publicKey: Uint8Array;
  try {
    const cert = parseCertificate(certDer);
    if (!isSm2PublicKey(cert.publicKeyInfo)) return { id, status: 'failed', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE', message: `${what}: the certificate key is not an SM2 key` };
    publicKey = cert.publicKey;
  } catch {
    return { id, status: 'failed', subIndication: 'FORMAT_FAILURE', message: `${what}: the certificate cannot be parsed`, code: 'ERR_CERT_MALFORMED' };
  }
  const ok = verifySesBytes(publicKey, signed, signature);
  return ok
    ? { id, status: 'passed', message: `${what} verifies over the original ${signed.length} bytes`, details: { algorithm, signedBytes: String(signed.length) } }
    : { id, status: 'failed', subIndication: 'SIG_CRYPTO_FAILURE', message: `${what} does not verify`, details: { algorithm } };
}

/** The maker's signature over SES_SealInfo (v4) or over SEQUENCE{info, cert, alg} (v1). */
export function checkSealSignature(seal: AnySESeal): CheckRow {
  const p = sealSignatureParts(seal);
  return checkSm2Signature('seal-signature', 'seal maker signature', p.cert, p.algorithm, p.signed, p.signature);
}

/** The seal must be within validStart … validEnd at the signing time. */
export function checkSealValidity(seal: AnySESeal, signingTime: Date, now: Date): CheckRow {
  const { validStart, validEnd } = seal.sealInfo.property;
  const t = signingTime.getTime();
  const details = {
    validStart: validStart.toISOString(), validEnd: validEnd.toISOString(), signingTime: signingTime.toISOString(),
    now: now.getTime() > validEnd.getTime() ? 'expired' : now.getTime() < validStart.getTime() ? 'not-yet-valid' : 'valid',
  };
  if (t < validStart.getTime()) return { id: 'seal-validity', status: 'failed', subIndication: 'NOT_YET_VALID', message: 'the seal was not yet valid at the signing time', details };
  if (t > validEnd.getTime()) return { id: 'seal-validity', status: 'failed', subIndication: 'EXPIRED', message: 'the seal had expired at the signing time', details };
  return { id: 'seal-validity', status: 'passed', message: `the seal was valid at the signing time (${details.now} now)`, details };
}

/** The signer's certificate must be in the seal's certList. */
export function checkSignerListed(seal: AnySESeal, signerCert: Uint8Array): CheckRow {
  const p = seal.sealInfo.property;
  const details = { certListType: String(p.certListType), entries: String(p.certList.length) };
  return isListedInSeal(p, signerCert)
    ? { id: 'signer-listed-in-seal', status: 'passed', message: 'the signer certificate is listed in the seal', details }
    : { id: 'signer-listed-in-seal', status: 'failed', subIndication: 'SIG_CONSTRAINTS_FAILURE', message: 'the signer certificate is not listed in the seal', details };
}
