/**
 * Certificate parsing (RFC 5280 §4.1). Parsing checks structure only; trust is decided by
 * {@link validatePath}. Every failure is `ERR_CERT_MALFORMED`, whatever the input.
 */
import { TAG, decodeDer, malformed, sequenceItems } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { integerFromContents, readOctetAlignedBitString, readSmallInteger, readTime } from '../asn1/der-values.ts';
import { fromPem } from '../asn1/pem.ts';
import { CryptoError } from '../errors.ts';
import { sm3 } from '../sm3.ts';
import { decodeAlgorithm, decodePublicKeyInfo } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import { UNDERSTOOD_EXTENSIONS, decodeExtensionList, decodeExtensions } from './extensions.ts';
import type { Extension } from './extensions.ts';
import { nameFromElement, namesMatch } from './names.ts';
import { serialToHex } from './serial.ts';

/** Largest certificate we parse; real ones are a few kilobytes. */
export const MAX_CERTIFICATE_BYTES = 1 << 20;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function parseSerial(el: DerElement | undefined): string {
  if (el === undefined || el.tag !== TAG.INTEGER) malformed('serialNumber: expected INTEGER');
  // RFC 5280 caps conforming serials at 20 octets and asks users to cope with a little more.
  if (el.value.length > 64) malformed('serialNumber: too long');
  return serialToHex(integerFromContents(el.value, 'serialNumber'));
}

function parseTbs(tbsEl: DerElement): Omit<Certificate, 'der' | 'signatureValue' | 'fingerprintSm3'> {
  const f = sequenceItems(tbsEl, 'TBSCertificate');
  let i = 0;
  let version = 1;
  if (f[i]?.tag === 0xa0) {
    const inner = explicitInner(f[i++]!, 'version');
    version = readSmallInteger(inner, 'version', 2) + 1;
  }
  const serialNumber = parseSerial(f[i++]);
  const signatureAlgorithm = decodeAlgorithm(f[i++], 'signature');
  const issuer = nameFromElement(requireEl(f[i++], 'issuer'));
  const validity = sequenceItems(f[i++], 'Validity');
  if (validity.length !== 2) malformed('Validity: expected notBefore and notAfter');
  const notBefore = readTime(validity[0], 'notBefore');
  const notAfter = readTime(validity[1], 'notAfter');
  const subject = nameFromElement(requireEl(f[i++], 'subject'));
  const publicKeyInfo = decodePublicKeyInfo(f[i++]);
  // issuerUniqueID [1] and subjectUniqueID [2] are obsolete; skip them if present.
  if (f[i]?.tag === 0x81) i++;
  if (f[i]?.tag === 0x82) i++;
  let extensions: Extension[] = [];
  if (f[i]?.tag === 0xa3) {
    if (version !== 3) malformed('extensions in a certificate older than v3');
    extensions = decodeExtensionList(explicitInner(f[i++]!, 'extensions'));
  }
  if (i !== f.length) malformed('TBSCertificate: unexpected trailing field');
  const decoded = decodeExtensions(extensions);
  return {
    version,
    serialNumber,
    signatureAlgorithm,
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKeyInfo,
    publicKey: publicKeyInfo.publicKey,
    extensions,
    unhandledCriticalExtensions: extensions.filter((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.oid)).map((e) => e.oid),
    tbs: new Uint8Array(tbsEl.raw),
    selfIssued: namesMatch(subject, issuer),
    ...decoded,
  };
}

function requireEl(el: DerElement | undefined, what: string): DerElement {
  if (el === undefined) malformed(`${what}: missing`);
  return el;
}

function explicitInner(el: DerElement, what: string): DerElement {
  if (!el.constructed) malformed(`${what}: explicit tag must be constructed`);
  return decodeDer(el.value);
}

/**
 * Parses a DER certificate. Throws `ERR_CERT_MALFORMED` (with the underlying reason as
 * `cause`) for anything that is not a well-formed X.509 certificate, and never anything else.
 */
export function parseCertificate(der: Uint8Array): Certificate {
  try {
    if (!(der instanceof Uint8Array)) malformed('certificate must be a byte array');
    if (der.length > MAX_CERTIFICATE_BYTES) malformed('certificate too large');
    const bytes = new Uint8Array(der);
    const top = sequenceItems(decodeDer(bytes), 'Certificate');
    if (top.length !== 3) malformed('Certificate: expected tbsCertificate, signatureAlgorithm, signatureValue');
    const tbs = parseTbs(top[0]!);
    const outerAlg = decodeAlgorithm(top[1], 'signatureAlgorithm');
    // RFC 5280 §4.1.1.2: the two algorithm fields must agree, or an attacker could steer which
    // one a verifier reads.
    if (
      outerAlg.oid !== tbs.signatureAlgorithm.oid ||
      !bytesEqual(outerAlg.parameters ?? new Uint8Array(0), tbs.signatureAlgorithm.parameters ?? new Uint8Array(0))
    ) {
      malformed('signatureAlgorithm differs from tbsCertificate.signature');
    }
    const signatureValue = new Uint8Array(readOctetAlignedBitString(top[2], 'signatureValue'));
    return Object.freeze({ ...tbs, der: bytes, signatureValue, fingerprintSm3: hex(sm3(bytes)) });
  } catch (e) {
    if (e instanceof CryptoError && e.code === 'ERR_CERT_MALFORMED') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new CryptoError('ERR_CERT_MALFORMED', `malformed certificate: ${reason}`, { cause: e });
  }
}

/** Parses a PEM certificate (`-----BEGIN CERTIFICATE-----`); errors as {@link parseCertificate}. */
export function parseCertificatePem(pem: string): Certificate {
  let der: Uint8Array;
  try {
    der = fromPem(pem, 'CERTIFICATE');
  } catch (e) {
    throw new CryptoError('ERR_CERT_MALFORMED', 'malformed certificate PEM', { cause: e });
  }
  return parseCertificate(der);
}
