/**
 * CRL parsing (RFC 5280 §5.1). Structure only; {@link checkCrl} decides whether a CRL may be
 * relied on. Every failure is `ERR_CRL_MALFORMED`, whatever the input.
 */
import { TAG, decodeDer, malformed, sequenceItems } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import {
  integerFromContents, readEnumerated, readInteger, readOctetAlignedBitString, readSmallInteger, readTime,
} from '../asn1/der-values.ts';
import { fromPem } from '../asn1/pem.ts';
import { CryptoError } from '../errors.ts';
import { decodeAlgorithm } from './algorithms.ts';
import { CRL_REASONS } from './crl.ts';
import type { Crl, CrlReason, RevokedCertificate } from './crl.ts';
import { decodeExtensionList, decodeExtensions } from './extensions.ts';
import type { Extension } from './extensions.ts';
import { nameFromElement } from './names.ts';
import { OID_EXT } from './oids.ts';
import { serialToHex } from './serial.ts';

/** Largest CRL we parse. */
export const MAX_CRL_BYTES = 16 << 20;

const REASON_BY_CODE: ReadonlyMap<number, CrlReason> = new Map(
  Object.entries(CRL_REASONS).map(([k, v]) => [v, k as CrlReason]),
);

// Extensions we read, at CRL level and at entry level; a critical one outside these sets makes
// the CRL unusable rather than silently misread.
const HANDLED_CRL_EXTENSIONS: ReadonlySet<string> = new Set([OID_EXT.authorityKeyIdentifier, OID_EXT.crlNumber]);
const HANDLED_ENTRY_EXTENSIONS: ReadonlySet<string> = new Set([OID_EXT.crlReason, OID_EXT.invalidityDate]);

function parseEntry(el: DerElement, unhandled: Set<string>): RevokedCertificate {
  const f = sequenceItems(el, 'revokedCertificate');
  if (f.length < 2 || f.length > 3) malformed('revokedCertificate: wrong number of fields');
  const serialEl = f[0]!;
  if (serialEl.tag !== TAG.INTEGER || serialEl.value.length > 64) malformed('userCertificate: bad serial');
  const serialNumber = serialToHex(integerFromContents(serialEl.value, 'userCertificate'));
  const revocationDate = readTime(f[1], 'revocationDate');
  const extensions = f[2] !== undefined ? decodeExtensionList(f[2]) : [];
  let reason: CrlReason | undefined;
  let invalidityDate: Date | undefined;
  for (const ext of extensions) {
    if (ext.oid === OID_EXT.crlReason) {
      const code = readEnumerated(decodeDer(ext.value), 'CRLReason');
      reason = REASON_BY_CODE.get(code);
      if (reason === undefined) malformed(`CRLReason: unknown code ${code}`);
    } else if (ext.oid === OID_EXT.invalidityDate) {
      invalidityDate = readTime(decodeDer(ext.value), 'invalidityDate');
    } else if (ext.critical && !HANDLED_ENTRY_EXTENSIONS.has(ext.oid)) {
      unhandled.add(ext.oid);
    }
  }
  return {
    serialNumber,
    revocationDate,
    ...(reason !== undefined ? { reason } : {}),
    ...(invalidityDate !== undefined ? { invalidityDate } : {}),
    extensions,
  };
}

function parseTbsCertList(tbsEl: DerElement): Omit<Crl, 'der' | 'signatureValue'> {
  const f = sequenceItems(tbsEl, 'TBSCertList');
  let i = 0;
  let version = 1;
  if (f[i]?.tag === TAG.INTEGER) version = readSmallInteger(f[i++], 'version', 1) + 1;
  const signatureAlgorithm = decodeAlgorithm(f[i++], 'signature');
  const issuerEl = f[i++];
  if (issuerEl === undefined) malformed('issuer: missing');
  const issuer = nameFromElement(issuerEl);
  const thisUpdate = readTime(f[i++], 'thisUpdate');
  let nextUpdate: Date | undefined;
  if (f[i]?.tag === TAG.UTC_TIME || f[i]?.tag === TAG.GENERALIZED_TIME) nextUpdate = readTime(f[i++], 'nextUpdate');
  const unhandled = new Set<string>();
  let revoked: RevokedCertificate[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) revoked = sequenceItems(f[i++], 'revokedCertificates').map((e) => parseEntry(e, unhandled));
  let extensions: Extension[] = [];
  if (f[i]?.tag === 0xa0) {
    const outer = f[i++]!;
    if (version !== 2) malformed('crlExtensions in a v1 CRL');
    extensions = decodeExtensionList(decodeDer(outer.value));
  }
  if (i !== f.length) malformed('TBSCertList: unexpected trailing field');
  let crlNumber: bigint | undefined;
  for (const ext of extensions) {
    if (ext.oid === OID_EXT.crlNumber) {
      crlNumber = readInteger(decodeDer(ext.value), 'CRLNumber');
      if (crlNumber < 0n) malformed('CRLNumber: negative');
    } else if (ext.critical && !HANDLED_CRL_EXTENSIONS.has(ext.oid)) {
      unhandled.add(ext.oid);
    }
  }
  const { authorityKeyIdentifier } = decodeExtensions(extensions.filter((e) => e.oid === OID_EXT.authorityKeyIdentifier));
  return {
    version,
    signatureAlgorithm,
    issuer,
    thisUpdate,
    ...(nextUpdate !== undefined ? { nextUpdate } : {}),
    revoked,
    ...(crlNumber !== undefined ? { crlNumber } : {}),
    ...(authorityKeyIdentifier !== undefined ? { authorityKeyIdentifier } : {}),
    extensions,
    unhandledCriticalExtensions: [...unhandled],
    tbs: new Uint8Array(tbsEl.raw),
  };
}

/**
 * Parses a DER CRL. Throws `ERR_CRL_MALFORMED` (with the reason as `cause`) for anything that
 * is not a well-formed CRL, and never anything else.
 */
export function parseCrl(der: Uint8Array): Crl {
  try {
    if (!(der instanceof Uint8Array)) malformed('CRL must be a byte array');
    if (der.length > MAX_CRL_BYTES) malformed('CRL too large');
    const bytes = new Uint8Array(der);
    const top = sequenceItems(decodeDer(bytes), 'CertificateList');
    if (top.length !== 3) malformed('CertificateList: expected tbsCertList, signatureAlgorithm, signatureValue');
    const tbs = parseTbsCertList(top[0]!);
    const outerAlg = decodeAlgorithm(top[1], 'signatureAlgorithm');
    const a = outerAlg.parameters ?? new Uint8Array(0);
    const b = tbs.signatureAlgorithm.parameters ?? new Uint8Array(0);
    if (outerAlg.oid !== tbs.signatureAlgorithm.oid || Buffer.compare(a, b) !== 0) {
      malformed('signatureAlgorithm differs from tbsCertList.signature');
    }
    const signatureValue = new Uint8Array(readOctetAlignedBitString(top[2], 'signatureValue'));
    return Object.freeze({ ...tbs, der: bytes, signatureValue });
  } catch (e) {
    if (e instanceof CryptoError && e.code === 'ERR_CRL_MALFORMED') throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new CryptoError('ERR_CRL_MALFORMED', `malformed CRL: ${reason}`, { cause: e });
  }
}

/** Parses a PEM CRL (`-----BEGIN X509 CRL-----`); errors as {@link parseCrl}. */
export function parseCrlPem(pem: string): Crl {
  let der: Uint8Array;
  try {
    der = fromPem(pem, 'X509 CRL');
  } catch (e) {
    throw new CryptoError('ERR_CRL_MALFORMED', 'malformed CRL PEM', { cause: e });
  }
  return parseCrl(der);
}
