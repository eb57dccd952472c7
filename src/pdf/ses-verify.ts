/**
 * Reading and checking an SES_Signature found in /Contents, to the same depth as the CMS check:
 * the signer's SM2 signature over the original TBS_Sign bytes, then dataHash against the SM3 of
 * the byte ranges. The seal itself (maker signature and chain, validity, signer listed) is
 * judged by the GB/T 38540 verifier over the same DER, which the result carries.
 */
import { readElement } from '../crypto/asn1/der-reader.ts';
import { decodeAnySignature, signatureParts } from '../crypto/ses/any-signature.ts';
import { isSm2SignatureAlgorithm, verifySesBytes } from '../crypto/ses/ses-signing.ts';
import { isSm2PublicKey } from '../crypto/x509/algorithms.ts';
import type { Certificate } from '../crypto/x509/certificate.ts';
import { parseCertificate } from '../crypto/x509/parse-certificate.ts';
import type { CmsCheck } from './cms-verify.ts';

/** {@link CmsCheck} plus the SES_Signature DER without the /Contents padding. */
export interface SesContainerCheck extends CmsCheck {
  readonly ses?: Uint8Array;
}

/** Checks the SES_Signature in `contents` against `digest`. Never throws for bad data. */
export function verifySesContainer(contents: Uint8Array, digest: Uint8Array): SesContainerCheck {
  let der: Uint8Array;
  let parts;
  try {
    // /Contents is zero-padded after the DER: the element's own length says where it ends.
    der = Uint8Array.from(readElement(contents, 0).raw);
    parts = signatureParts(decodeAnySignature(der));
  } catch (e) {
    return { status: 'FORMAT_FAILURE', message: `SES_Signature: ${(e as Error).message}` };
  }
  const base = { ses: der, ...(parts.signingTime === undefined ? {} : { signingTime: parts.signingTime }) };
  let cert: Certificate;
  try {
    cert = parseCertificate(parts.signerCert);
  } catch {
    return { status: 'NO_SIGNING_CERTIFICATE_FOUND', message: "the signer's certificate in the SES_Signature cannot be read", ...base };
  }
  const withCert = { ...base, signerCertificate: cert };
  if (!isSm2PublicKey(cert.publicKeyInfo) || !isSm2SignatureAlgorithm(parts.algorithm)) {
    return { status: 'FORMAT_FAILURE', message: 'the SES signature is not an SM2 signature', ...withCert };
  }
  if (!verifySesBytes(cert.publicKey, parts.signed, parts.signature)) {
    return { status: 'SIG_CRYPTO_FAILURE', message: 'the SM2 signature over TBS_Sign does not verify', ...withCert };
  }
  if (!Buffer.from(parts.dataHash).equals(digest)) {
    return { status: 'HASH_FAILURE', message: 'dataHash does not match the SM3 of the signed byte ranges', ...withCert };
  }
  return { status: 'ok', message: 'SES signature and dataHash verify', ...withCert };
}
