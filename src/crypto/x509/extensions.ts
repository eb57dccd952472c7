/**
 * Certificate extensions (RFC 5280 §4.2): encoders for the ones we issue and decoders for the
 * ones path validation relies on. Decoders are strict: a damaged value of a known extension
 * makes the whole certificate malformed rather than quietly absent.
 */
import { TAG, decodeDer, derChildren, expectTag, malformed, sequenceItems } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readBoolean, readNamedBits, readOctetString, readOid, readSmallInteger } from '../asn1/der-values.ts';
import {
  boolean, implicitConstructed, implicitPrimitive, integer, namedBits, octetString, oid, sequence,
} from '../asn1/der-writer.ts';
import { decodeGeneralName, decodeGeneralNames, encodeGeneralName } from './general-names.ts';
import type { GeneralName, GeneralNameInput } from './general-names.ts';
import { OID_EXT } from './oids.ts';

/** One extension as found in the certificate. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The contents of extnValue (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

/** basicConstraints. */
export interface BasicConstraints {
  readonly ca: boolean;
  /** Maximum number of intermediate CA certificates that may follow this one; absent = no limit. */
  readonly pathLenConstraint?: number;
}

/** keyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement',
  'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
] as const;

/** A keyUsage bit name. */
export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

/** authorityKeyIdentifier. */
export interface AuthorityKeyIdentifier {
  readonly keyIdentifier?: Uint8Array;
  readonly authorityCertIssuer?: readonly GeneralName[];
  /** Upper-case hex of the issuer's serial number. */
  readonly authorityCertSerialNumber?: string;
}

/** The extensions that have a decoded form. */
export interface DecodedExtensions {
  readonly basicConstraints?: BasicConstraints;
  readonly keyUsage?: readonly KeyUsage[];
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectKeyIdentifier?: Uint8Array;
  readonly authorityKeyIdentifier?: AuthorityKeyIdentifier;
  /** URIs of the full-name CRL distribution points. */
  readonly crlDistributionPoints?: readonly string[];
  readonly subjectAltName?: readonly GeneralName[];
}

/**
 * Extensions path validation acts on. A critical extension outside this list makes a
 * certificate unusable (RFC 5280 §4.2): we cannot honour a constraint we do not read.
 */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  OID_EXT.basicConstraints, OID_EXT.keyUsage, OID_EXT.extKeyUsage, OID_EXT.subjectKeyIdentifier,
  OID_EXT.authorityKeyIdentifier, OID_EXT.crlDistributionPoints, OID_EXT.subjectAltName,
]);

// ---------------------------------------------------------------- encoders

/** Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }. */
export function encodeExtension(extOid: string, critical: boolean, value: Uint8Array): Uint8Array {
  // DER omits a DEFAULT value, so critical appears only when true.
  return critical ? sequence(oid(extOid), boolean(true), octetString(value)) : sequence(oid(extOid), octetString(value));
}

/** basicConstraints value. */
export function encodeBasicConstraints(bc: BasicConstraints): Uint8Array {
  const items: Uint8Array[] = [];
  if (bc.ca) items.push(boolean(true));
  if (bc.pathLenConstraint !== undefined) items.push(integer(bc.pathLenConstraint));
  return sequence(...items);
}

/** keyUsage value. */
export function encodeKeyUsage(usages: readonly KeyUsage[]): Uint8Array {
  return namedBits(usages.map((u) => KEY_USAGE_BITS.indexOf(u)));
}

/** extKeyUsage value. */
export function encodeExtendedKeyUsage(purposes: readonly string[]): Uint8Array {
  return sequence(...purposes.map((p) => oid(p)));
}

/** subjectKeyIdentifier value. */
export function encodeSubjectKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return octetString(keyId);
}

/** authorityKeyIdentifier value carrying only keyIdentifier (RFC 5280 §4.2.1.1 recommends that). */
export function encodeAuthorityKeyIdentifier(keyId: Uint8Array): Uint8Array {
  return sequence(implicitPrimitive(0, keyId));
}

/** cRLDistributionPoints value: one distribution point per URI, each a full name. */
export function encodeCrlDistributionPoints(uris: readonly string[]): Uint8Array {
  return sequence(...uris.map((u) =>
    sequence(implicitConstructed(0, implicitConstructed(0, encodeGeneralName({ type: 'uri', value: u }))))));
}

/** subjectAltName value. */
export function encodeSubjectAltName(names: readonly GeneralNameInput[]): Uint8Array {
  return sequence(...names.map(encodeGeneralName));
}

// ---------------------------------------------------------------- decoders

/** Decodes the Extensions SEQUENCE; duplicate OIDs are malformed (RFC 5280 §4.2). */
export function decodeExtensionList(el: DerElement): Extension[] {
  const list = sequenceItems(el, 'Extensions');
  if (list.length === 0) malformed('Extensions: empty');
  const seen = new Set<string>();
  return list.map((extEl) => {
    const parts = sequenceItems(extEl, 'Extension');
    if (parts.length < 2 || parts.length > 3) malformed('Extension: wrong number of fields');
    const extOid = readOid(parts[0], 'extnID');
    if (seen.has(extOid)) malformed(`Extension ${extOid} appears twice`);
    seen.add(extOid);
    // An explicit FALSE breaks DER but is common in deployed certificates; the signature
    // still covers the bytes as written, so accepting it loses nothing.
    const critical = parts.length === 3 ? readBoolean(parts[1], 'critical') : false;
    const value = readOctetString(parts[parts.length - 1], 'extnValue');
    return { oid: extOid, critical, value };
  });
}

function decodeBasicConstraints(v: Uint8Array): BasicConstraints {
  const items = sequenceItems(decodeDer(v), 'BasicConstraints');
  let i = 0;
  let ca = false;
  if (items[i]?.tag === TAG.BOOLEAN) ca = readBoolean(items[i++], 'cA');
  let pathLenConstraint: number | undefined;
  if (items[i]?.tag === TAG.INTEGER) pathLenConstraint = readSmallInteger(items[i++], 'pathLenConstraint', 255);
  if (i !== items.length) malformed('BasicConstraints: unexpected field');
  return pathLenConstraint === undefined ? { ca } : { ca, pathLenConstraint };
}

function decodeKeyUsage(v: Uint8Array): KeyUsage[] {
  const bits = readNamedBits(decodeDer(v), 'KeyUsage');
  return KEY_USAGE_BITS.filter((_, i) => bits.has(i));
}

function decodeExtendedKeyUsage(v: Uint8Array): string[] {
  const items = sequenceItems(decodeDer(v), 'ExtKeyUsageSyntax');
  if (items.length === 0) malformed('ExtKeyUsageSyntax: empty');
  return items.map((i) => readOid(i, 'KeyPurposeId'));
}

function decodeAuthorityKeyIdentifier(v: Uint8Array): AuthorityKeyIdentifier {
  const out: { keyIdentifier?: Uint8Array; authorityCertIssuer?: GeneralName[]; authorityCertSerialNumber?: string } = {};
  let last = -1;
  for (const item of sequenceItems(decodeDer(v), 'AuthorityKeyIdentifier')) {
    if (item.tagClass !== 'context' || item.tagNumber <= last || item.tagNumber > 2) {
      malformed('AuthorityKeyIdentifier: unexpected field');
    }
    last = item.tagNumber;
    if (item.tagNumber === 0) {
      if (item.constructed) malformed('keyIdentifier: must be primitive');
      out.keyIdentifier = new Uint8Array(item.value);
    } else if (item.tagNumber === 1) {
      out.authorityCertIssuer = decodeGeneralNames(item);
    } else {
      if (item.constructed || item.value.length === 0) malformed('authorityCertSerialNumber: bad');
      out.authorityCertSerialNumber = Buffer.from(item.value).toString('hex').toUpperCase();
    }
  }
  return out;
}

function decodeCrlDistributionPoints(v: Uint8Array): string[] {
  const uris: string[] = [];
  const points = sequenceItems(decodeDer(v), 'CRLDistributionPoints');
  if (points.length === 0) malformed('CRLDistributionPoints: empty');
  for (const dp of points) {
    for (const field of sequenceItems(dp, 'DistributionPoint')) {
      // Only distributionPoint [0] → fullName [0] is followed; reasons and cRLIssuer are
      // read past, as are relative names, which need the CRL issuer to resolve.
      if (field.tagClass !== 'context' || field.tagNumber > 2) malformed('DistributionPoint: unexpected field');
      if (field.tagNumber !== 0) continue;
      const dpn = derChildren(field);
      if (dpn.length !== 1) malformed('DistributionPointName: expected one choice');
      const choice = dpn[0]!;
      if (choice.tag === 0xa0) {
        for (const gn of derChildren(choice)) {
          const name = decodeGeneralName(gn);
          if (name.type === 'uri') uris.push(name.value);
        }
      } else if (choice.tag !== 0xa1) {
        malformed('DistributionPointName: unknown choice');
      }
    }
  }
  return uris;
}

function decodeSubjectAltName(v: Uint8Array): GeneralName[] {
  return decodeGeneralNames(expectTag(decodeDer(v), TAG.SEQUENCE, 'GeneralNames'));
}

/** Decodes the extensions that have a decoded form; throws `ERR_ASN1_MALFORMED` if one is damaged. */
export function decodeExtensions(list: readonly Extension[]): DecodedExtensions {
  const out: {
    -readonly [K in keyof DecodedExtensions]: DecodedExtensions[K];
  } = {};
  for (const ext of list) {
    switch (ext.oid) {
      case OID_EXT.basicConstraints:
        out.basicConstraints = decodeBasicConstraints(ext.value);
        break;
      case OID_EXT.keyUsage:
        out.keyUsage = decodeKeyUsage(ext.value);
        break;
      case OID_EXT.extKeyUsage:
        out.extendedKeyUsage = decodeExtendedKeyUsage(ext.value);
        break;
      case OID_EXT.subjectKeyIdentifier:
        out.subjectKeyIdentifier = new Uint8Array(readOctetString(decodeDer(ext.value), 'SubjectKeyIdentifier'));
        break;
      case OID_EXT.authorityKeyIdentifier:
        out.authorityKeyIdentifier = decodeAuthorityKeyIdentifier(ext.value);
        break;
      case OID_EXT.crlDistributionPoints:
        out.crlDistributionPoints = decodeCrlDistributionPoints(ext.value);
        break;
      case OID_EXT.subjectAltName:
        out.subjectAltName = decodeSubjectAltName(ext.value);
        break;
      default:
        break;
    }
  }
  return out;
}
