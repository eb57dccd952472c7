/**
 * Reading a CMS SignedData (RFC 5652 §5) from a PDF's /Contents with the strict DER reader.
 * Signed attributes keep their original bytes so that the signature is checked over exactly
 * what was signed (re-tagged [0] → SET, §5.4). BER (indefinite lengths) is refused: the
 * signature of a structure that may be read two ways proves little.
 */
import { TAG, decodeDer, derChildren, expectTag, readElement, sequenceItems } from '../crypto/asn1/der-reader.ts';
import type { DerElement } from '../crypto/asn1/der-reader.ts';
import { readOctetString, readOid, readSmallInteger } from '../crypto/asn1/der-values.ts';
import { CryptoError } from '../crypto/errors.ts';
import type { AlgorithmIdentifier } from '../crypto/x509/algorithms.ts';
import { decodeAlgorithm } from '../crypto/x509/algorithms.ts';
import { OID_GM_SIGNED_DATA, OID_SIGNED_DATA } from './cms-oids.ts';
import { PdfError } from './errors.ts';

/** Identifies the signer's certificate. */
export type SignerIdentifier =
  | { readonly kind: 'issuerAndSerial'; readonly issuer: Uint8Array; readonly serial: Uint8Array }
  | { readonly kind: 'subjectKeyIdentifier'; readonly keyId: Uint8Array };

/** One SignerInfo. */
export interface SignerInfo {
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmIdentifier;
  /** DER of the signed attributes re-tagged as SET OF: the bytes the signature covers. */
  readonly signedAttributes: Uint8Array | undefined;
  /** Attribute values by type; a type present twice is refused while parsing. */
  readonly attributes: ReadonlyMap<string, readonly DerElement[]>;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  /** Unsigned attribute values by type (e.g. an SES_Signature). */
  readonly unsignedAttributes: ReadonlyMap<string, readonly DerElement[]>;
}

/** A parsed SignedData. */
export interface SignedData {
  readonly contentType: string;
  readonly digestAlgorithms: readonly string[];
  readonly encapContentType: string;
  /** True when the content is embedded (a PDF signature must be detached). */
  readonly hasContent: boolean;
  /** DER certificates as found (untrusted). */
  readonly certificates: readonly Uint8Array[];
  readonly signerInfos: readonly SignerInfo[];
}

function bad(message: string, cause?: unknown): never {
  throw new PdfError('ERR_PDF_CMS_MALFORMED', `CMS: ${message}`, cause === undefined ? undefined : { cause });
}

/**
 * Parses the /Contents of a signature: one DER ContentInfo, optionally followed by the zero
 * padding that fills the placeholder. Throws ERR_PDF_CMS_MALFORMED.
 */
export function parseSignedData(contents: Uint8Array): SignedData {
  try {
    const top = readElement(contents, 0);
    for (let i = top.raw.length; i < contents.length; i++) if (contents[i] !== 0) bad('data after the ContentInfo');
    return signedData(top);
  } catch (e) {
    if (e instanceof PdfError) throw e;
    if (e instanceof CryptoError) bad(e.message, e);
    throw e;
  }
}

function signedData(top: DerElement): SignedData {
  const ci = sequenceItems(top, 'ContentInfo');
  const contentType = readOid(ci[0], 'contentType');
  if (contentType !== OID_SIGNED_DATA && contentType !== OID_GM_SIGNED_DATA) bad(`content type ${contentType} is not signedData`);
  const wrapper = expectTag(ci[1], 0xa0, 'content');
  const inner = derChildren(wrapper);
  if (inner.length !== 1 || ci.length !== 2) bad('ContentInfo has the wrong shape');
  const sd = sequenceItems(inner[0], 'SignedData');
  let i = 0;
  readSmallInteger(sd[i++], 'SignedData version', 5);
  const digestAlgorithms = derChildren(expectTag(sd[i++], TAG.SET, 'digestAlgorithms')).map((a) => decodeAlgorithm(a, 'digestAlgorithm').oid);
  const encap = sequenceItems(sd[i++], 'encapContentInfo');
  const encapContentType = readOid(encap[0], 'eContentType');
  const certificates: Uint8Array[] = [];
  if (sd[i]?.tag === 0xa0) for (const c of derChildren(sd[i++]!)) if (c.tag === TAG.SEQUENCE) certificates.push(new Uint8Array(c.raw));
  if (sd[i]?.tag === 0xa1) i++; // CRLs are not used: revocation data comes from the verifier's own sources.
  const signerInfos = derChildren(expectTag(sd[i++], TAG.SET, 'signerInfos')).map(signerInfo);
  if (i !== sd.length) bad('SignedData has extra fields');
  return { contentType, digestAlgorithms, encapContentType, hasContent: encap.length > 1, certificates, signerInfos };
}

function attributesOf(el: DerElement): Map<string, DerElement[]> {
  const out = new Map<string, DerElement[]>();
  for (const a of derChildren(el)) {
    const parts = sequenceItems(a, 'Attribute');
    if (parts.length !== 2) bad('Attribute has the wrong shape');
    const type = readOid(parts[0], 'attrType');
    if (out.has(type)) bad(`attribute ${type} appears twice`);
    out.set(type, derChildren(expectTag(parts[1], TAG.SET, 'attrValues')));
  }
  return out;
}

function signerInfo(el: DerElement): SignerInfo {
  const s = sequenceItems(el, 'SignerInfo');
  let i = 0;
  const version = readSmallInteger(s[i++], 'SignerInfo version', 5);
  const sidEl = s[i++];
  let sid: SignerIdentifier;
  if (sidEl?.tag === TAG.SEQUENCE) {
    const parts = sequenceItems(sidEl, 'IssuerAndSerialNumber');
    const issuer = expectTag(parts[0], TAG.SEQUENCE, 'issuer');
    const serial = expectTag(parts[1], TAG.INTEGER, 'serialNumber');
    sid = { kind: 'issuerAndSerial', issuer: new Uint8Array(issuer.raw), serial: new Uint8Array(serial.raw) };
  } else if (sidEl?.tag === 0x80) {
    sid = { kind: 'subjectKeyIdentifier', keyId: new Uint8Array(sidEl.value) };
  } else {
    return bad(`SignerInfo v${version}: unknown signer identifier`);
  }
  const digestAlgorithm = decodeAlgorithm(s[i++], 'SignerInfo digestAlgorithm');
  let signedAttributes: Uint8Array | undefined;
  let attributes = new Map<string, DerElement[]>();
  if (s[i]?.tag === 0xa0) {
    const el = s[i++]!;
    signedAttributes = new Uint8Array(el.raw);
    signedAttributes[0] = TAG.SET;
    attributes = attributesOf(decodeDer(signedAttributes));
  }
  const signatureAlgorithm = decodeAlgorithm(s[i++], 'signatureAlgorithm');
  const signature = new Uint8Array(readOctetString(s[i++], 'signature'));
  let unsignedAttributes = new Map<string, DerElement[]>();
  if (s[i]?.tag === 0xa1) unsignedAttributes = attributesOf(s[i++]!);
  if (i !== s.length) bad('SignerInfo has extra fields');
  return { sid, digestAlgorithm, signedAttributes, attributes, signatureAlgorithm, signature, unsignedAttributes };
}
