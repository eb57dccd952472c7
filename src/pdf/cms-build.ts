/**
 * A detached CMS SignedData (RFC 5652 §5, GB/T 35275) over the SM3 digest of a PDF's byte
 * ranges. Steps: check the signer's certificate matches its key → signed attributes
 * (contentType, messageDigest, signingTime or, for CAdES, signing-certificate-v2) → SM2
 * signature through the Signer over DER(SET OF attributes) → check that signature → assemble.
 */
import { decodeDer, derChildren } from '../crypto/asn1/der-reader.ts';
import {
  explicit, integer, octetString, oid, sequence, setOf, tlv, x509Time,
} from '../crypto/asn1/der-writer.ts';
import { CryptoError } from '../crypto/errors.ts';
import type { Signer } from '../crypto/signer.ts';
import { sm3 } from '../crypto/sm3.ts';
import { SM2_DEFAULT_ID, verify } from '../crypto/sm2.ts';
import { parseCertificate } from '../crypto/x509/parse-certificate.ts';
import type { Certificate } from '../crypto/x509/certificate.ts';
import {
  CMS_OIDS, OID_ATTR_CONTENT_TYPE, OID_ATTR_MESSAGE_DIGEST, OID_ATTR_SIGNING_CERTIFICATE_V2, OID_ATTR_SIGNING_TIME, OID_SM3,
} from './cms-oids.ts';
import type { CmsOidSet } from './cms-oids.ts';
import { PdfError } from './errors.ts';

/** An attribute to add to the SignerInfo: its type and already-encoded values. */
export interface CmsAttribute {
  readonly oid: string;
  readonly values: readonly Uint8Array[];
}

/** Input to {@link buildSignedData}. */
export interface SignedDataOptions {
  /** Signs with the default SM2 ID; `certificateChain[0]` must be its certificate. */
  readonly signer: Signer;
  /** SM3 of the signed content (for a PDF: of its byte ranges). */
  readonly digest: Uint8Array;
  /** Signing time (written as the signingTime attribute unless `cades`). */
  readonly signingTime: Date;
  /** ETSI.CAdES.detached: signing-certificate-v2 instead of signingTime (EN 319 142-1). */
  readonly cades?: boolean;
  /**
   * Unsigned attributes, e.g. a GB/T 38540 SES_Signature over the same digest, carried beside
   * the CMS signature.
   */
  readonly unsignedAttributes?: readonly CmsAttribute[];
  /** Identifiers to write (cms-oids.ts); default the GB/T 35275 set. */
  readonly oids?: CmsOidSet;
}

/** The SignedData and the exact bytes its signature covers. */
export interface BuiltSignedData {
  /** DER ContentInfo { id-signedData, SignedData }. */
  readonly cms: Uint8Array;
  /** DER of the signed attributes as a SET OF (what the SM2 signature covers). */
  readonly signedAttributes: Uint8Array;
  /** The DER SM2 signature. */
  readonly signature: Uint8Array;
}

const algorithm = (o: string) => sequence(oid(o));
const attribute = (a: CmsAttribute) => sequence(oid(a.oid), setOf(...a.values));

/** IssuerAndSerialNumber of a certificate, copied from its own tbsCertificate bytes. */
function issuerAndSerial(cert: Certificate): Uint8Array {
  const tbs = derChildren(decodeDer(cert.tbs));
  const serial = tbs[0]!.tag === 0xa0 ? tbs[1]! : tbs[0]!;
  return sequence(cert.issuer.der, serial.raw);
}

function signingCertificateV2(cert: Certificate): Uint8Array {
  const tbs = derChildren(decodeDer(cert.tbs));
  const serial = tbs[0]!.tag === 0xa0 ? tbs[1]! : tbs[0]!;
  const issuerSerial = sequence(sequence(explicit(4, cert.issuer.der)), serial.raw);
  return sequence(sequence(sequence(algorithm(OID_SM3), octetString(sm3(cert.der)), issuerSerial)));
}

function leafOf(signer: Signer): Certificate {
  const der = signer.certificateChain?.[0];
  if (!(der instanceof Uint8Array)) throw new PdfError('ERR_PDF_SIGNING', 'the signer has no certificate');
  let cert: Certificate;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    throw new PdfError('ERR_PDF_SIGNING', "the signer's certificate does not parse", { cause: e });
  }
  if (!Buffer.from(cert.publicKey).equals(signer.publicKey)) {
    throw new PdfError('ERR_PDF_SIGNING', "the signer's certificate is not for its key");
  }
  return cert;
}

/** Builds and signs the SignedData. Throws ERR_PDF_SIGNING when the signer fails or misbehaves. */
export async function buildSignedData(opts: SignedDataOptions): Promise<BuiltSignedData> {
  if (!(opts.digest instanceof Uint8Array) || opts.digest.length !== 32) throw new PdfError('ERR_PDF_BAD_OPTIONS', 'digest must be 32 bytes of SM3');
  const cert = leafOf(opts.signer);
  const ids = CMS_OIDS[opts.oids ?? 'gb35275'];
  const attrs: CmsAttribute[] = [
    { oid: OID_ATTR_CONTENT_TYPE, values: [oid(ids.data)] },
    { oid: OID_ATTR_MESSAGE_DIGEST, values: [octetString(opts.digest)] },
  ];
  if (opts.cades === true) attrs.push({ oid: OID_ATTR_SIGNING_CERTIFICATE_V2, values: [signingCertificateV2(cert)] });
  else attrs.push({ oid: OID_ATTR_SIGNING_TIME, values: [x509Time(opts.signingTime)] });
  const signedAttributes = setOf(...attrs.map(attribute));
  const signature = await signWith(opts.signer, signedAttributes);
  const unsigned = opts.unsignedAttributes ?? [];
  const signerInfo = sequence(
    integer(1),
    issuerAndSerial(cert),
    algorithm(OID_SM3),
    // [0] IMPLICIT SET OF Attribute: the same contents under a context tag (RFC 5652 §5.4).
    tlv(0xa0, decodeDer(signedAttributes).value),
    algorithm(ids.signature),
    octetString(signature),
    ...(unsigned.length > 0 ? [tlv(0xa1, decodeDer(setOf(...unsigned.map(attribute))).value)] : []),
  );
  const signedData = sequence(
    integer(1),
    setOf(algorithm(OID_SM3)),
    sequence(oid(ids.data)),
    // CertificateSet is a SET OF, so DER orders it; path validation does not depend on the order.
    tlv(0xa0, decodeDer(setOf(...opts.signer.certificateChain)).value),
    setOf(signerInfo),
  );
  return { cms: sequence(oid(ids.signedData), explicit(0, signedData)), signedAttributes, signature };
}

async function signWith(signer: Signer, data: Uint8Array): Promise<Uint8Array> {
  let sig: unknown;
  try {
    sig = await signer.sign(data);
  } catch (e) {
    if (e instanceof CryptoError) throw new PdfError('ERR_PDF_SIGNING', `the signer failed: ${e.code}`, { cause: e });
    throw new PdfError('ERR_PDF_SIGNING', 'the signer failed', { cause: e });
  }
  // A signer whose key does not match its certificate, or a broken HSM, must not yield a seal.
  if (!(sig instanceof Uint8Array) || !verify(signer.publicKey, data, sig, { id: SM2_DEFAULT_ID })) {
    throw new PdfError('ERR_PDF_SIGNING', 'the signer returned a signature that does not verify');
  }
  return new Uint8Array(sig);
}
