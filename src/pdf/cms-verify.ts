/**
 * Checks a SignedData against the digest of the content it claims to sign: the signer's
 * certificate is found among the embedded ones (untrusted: only its key is used here; trust
 * comes from path validation against the anchors), the signature is checked over the original
 * signed-attribute bytes, and messageDigest is compared with our own digest.
 */
import { decodeDer, derChildren } from '../crypto/asn1/der-reader.ts';
import { readOctetString, readOid, readTime } from '../crypto/asn1/der-values.ts';
import { SM2_DEFAULT_ID, verify } from '../crypto/sm2.ts';
import { isSm2PublicKey } from '../crypto/x509/algorithms.ts';
import type { AlgorithmIdentifier } from '../crypto/x509/algorithms.ts';
import type { Certificate } from '../crypto/x509/certificate.ts';
import { parseCertificate } from '../crypto/x509/parse-certificate.ts';
import {
  OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_TIME, OID_DATA, OID_GM_DATA, OID_SM3,
  SM2_SIGNATURE_OIDS,
} from './cms-oids.ts';
import type { SignedData, SignerInfo } from './cms-parse.ts';

/** Outcome of {@link verifySignedData}. */
export interface CmsCheck {
  /** `ok`, or what failed first. */
  readonly status: 'ok' | 'FORMAT_FAILURE' | 'NO_SIGNING_CERTIFICATE_FOUND' | 'SIG_CRYPTO_FAILURE' | 'HASH_FAILURE';
  readonly message: string;
  /** The signer's certificate when it was found (not yet trusted). */
  readonly signerCertificate?: Certificate;
  /** The signingTime attribute, when present (claimed by the signer). */
  readonly signingTime?: Date;
}

function isAbsentOrNull(alg: AlgorithmIdentifier): boolean {
  return alg.parameters === undefined || (alg.parameters.length === 2 && alg.parameters[0] === 0x05 && alg.parameters[1] === 0);
}

function findSigner(sd: SignedData, si: SignerInfo): Certificate | undefined {
  const certs: Certificate[] = [];
  for (const der of sd.certificates) {
    try {
      certs.push(parseCertificate(der));
    } catch {
      // An unreadable extra certificate cannot be the signer's; ignore it.
    }
  }
  const sid = si.sid;
  return certs.find((c) => {
    if (sid.kind === 'subjectKeyIdentifier') return c.subjectKeyIdentifier !== undefined && Buffer.from(c.subjectKeyIdentifier).equals(sid.keyId);
    return Buffer.from(c.issuer.der).equals(sid.issuer) && Buffer.from(serialDer(c)).equals(sid.serial);
  });
}

function serialDer(c: Certificate): Uint8Array {
  // tbsCertificate: [0] version, serialNumber …; the serial is re-read from the original bytes.
  const tbs = derChildren(decodeDer(c.tbs));
  return (tbs[0]!.tag === 0xa0 ? tbs[1]! : tbs[0]!).raw;
}

/** Verifies `sd` against `digest` (SM3 of the signed content). Never throws for bad data. */
export function verifySignedData(sd: SignedData, digest: Uint8Array): CmsCheck {
  const fail = (status: CmsCheck['status'], message: string, extra: Partial<CmsCheck> = {}): CmsCheck => ({ status, message, ...extra });
  if (sd.signerInfos.length !== 1) return fail('FORMAT_FAILURE', `expected one SignerInfo, found ${sd.signerInfos.length}`);
  if (sd.hasContent) return fail('FORMAT_FAILURE', 'a PDF signature must be detached');
  const si = sd.signerInfos[0]!;
  if (si.digestAlgorithm.oid !== OID_SM3 || !isAbsentOrNull(si.digestAlgorithm)) return fail('FORMAT_FAILURE', `digest algorithm ${si.digestAlgorithm.oid} is not SM3`);
  if (!SM2_SIGNATURE_OIDS.has(si.signatureAlgorithm.oid)) return fail('FORMAT_FAILURE', `signature algorithm ${si.signatureAlgorithm.oid} is not SM2`);
  if (si.signedAttributes === undefined) return fail('FORMAT_FAILURE', 'signed attributes are required');
  let messageDigest: Uint8Array;
  let signingTime: Date | undefined;
  try {
    const ct = si.attributes.get(OID_ATTR_CONTENT_TYPE);
    const md = si.attributes.get(OID_ATTR_MESSAGE_DIGEST);
    if (ct?.length !== 1 || md?.length !== 1) return fail('FORMAT_FAILURE', 'contentType and messageDigest must each have one value');
    const type = readOid(ct[0], 'contentType');
    if (type !== sd.encapContentType || (type !== OID_DATA && type !== OID_GM_DATA)) return fail('FORMAT_FAILURE', `content type ${type} does not match`);
    messageDigest = readOctetString(md[0], 'messageDigest');
    const st = si.attributes.get(OID_ATTR_SIGNING_TIME);
    if (st !== undefined) {
      if (st.length !== 1) return fail('FORMAT_FAILURE', 'signingTime must have one value');
      signingTime = readTime(st[0], 'signingTime');
    }
  } catch (e) {
    return fail('FORMAT_FAILURE', `signed attributes: ${(e as Error).message}`);
  }
  const cert = findSigner(sd, si);
  if (cert === undefined) return fail('NO_SIGNING_CERTIFICATE_FOUND', "the signer's certificate is not in the CMS", { signingTime });
  const withCert = { signerCertificate: cert, signingTime };
  if (!isSm2PublicKey(cert.publicKeyInfo)) return fail('FORMAT_FAILURE', "the signer's key is not an SM2 key", withCert);
  let ok = false;
  try {
    ok = verify(cert.publicKey, si.signedAttributes, si.signature, { id: SM2_DEFAULT_ID });
  } catch {
    ok = false;
  }
  if (!ok) return fail('SIG_CRYPTO_FAILURE', 'the SM2 signature over the signed attributes does not verify', withCert);
  if (!Buffer.from(messageDigest).equals(digest)) return fail('HASH_FAILURE', 'messageDigest does not match the SM3 of the signed byte ranges', withCert);
  return { status: 'ok', message: 'signature and digest verify', ...withCert };
}

/** The certificates in `sd` other than the signer's, as candidates for path building. */
export function otherCertificates(sd: SignedData, signer: Certificate): Uint8Array[] {
  return sd.certificates.filter((c) => !Buffer.from(c).equals(signer.der));
}
