/**
 * SES_ESPropertyInfo (GB/T 38540 §5.2):
 * `SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER, certList SES_CertList,
 * createDate GeneralizedTime, validStart GeneralizedTime, validEnd GeneralizedTime }`, where
 * `SES_CertList ::= CHOICE { certs SEQUENCE OF OCTET STRING, certDigestList SEQUENCE OF
 * SEQUENCE { type PrintableString, value OCTET STRING } }`.
 *
 * GM/T 0031-2014 ("v1") has no certListType, a plain `SEQUENCE OF OCTET STRING` certList and
 * UTCTime dates. The decoder tells the forms apart by shape and records which it saw.
 * Files from a common v1 producer tag each certList entry IA5String instead of OCTET STRING,
 * holding the certificate's DER or its base64 text; both are read (v1 only: the v4 form is exact).
 */
import { TAG } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readOctetString, readSmallInteger } from '../asn1/der-values.ts';
import { generalizedTime, integer, octetString, printableString, sequence, utf8String } from '../asn1/der-writer.ts';
import { CryptoError } from '../errors.ts';
import { MAX_LIST_ENTRIES, asSesError, copy, elementOf, fields, latin1, readSesTime, readText, sesMalformed } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** One entry of a certDigestList: the digest algorithm's name (or OID) and the digest. */
export interface CertDigest {
  readonly type: string;
  readonly value: Uint8Array;
}

/** certListType 1: the signers' certificates (DER). */
export interface CertListOfCerts {
  readonly certListType: 1;
  readonly certList: readonly Uint8Array[];
}

/** certListType 2: digests of the signers' certificates. */
export interface CertListOfDigests {
  readonly certListType: 2;
  readonly certList: readonly CertDigest[];
}

/** The seal's properties. */
export type SES_ESPropertyInfo = (CertListOfCerts | CertListOfDigests) & {
  /** Seal kind code (e.g. 1 official seal, 2 special-purpose seal, 3 …), as the issuer defines. */
  readonly type: number;
  readonly name: string;
  readonly createDate: Date;
  readonly validStart: Date;
  readonly validEnd: Date;
  /** `v1` when read from GM/T 0031 data; encoding always writes the v4 form. */
  readonly form?: 'v1' | 'v4';
};

function decodeCerts(el: DerElement | undefined): Uint8Array[] {
  return fields(el, 'certList', 0, MAX_LIST_ENTRIES).map((c) => copy(readOctetString(c, 'certList entry')));
}

/** A v1 certList entry: an OCTET STRING, or an IA5String with the DER or its base64. */
function v1CertEntry(el: DerElement): Uint8Array {
  if (el.tag !== TAG.IA5_STRING) return copy(readOctetString(el, 'certList entry'));
  if (el.value[0] === TAG.SEQUENCE) return copy(el.value);
  const text = latin1(el.value).replace(/\s+/g, '');
  if (text === '' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    return sesMalformed('certList entry: an IA5String holding neither a certificate nor its base64');
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function decodeV1Certs(el: DerElement | undefined): Uint8Array[] {
  return fields(el, 'certList', 0, MAX_LIST_ENTRIES).map(v1CertEntry);
}

function decodeDigests(el: DerElement | undefined): CertDigest[] {
  return fields(el, 'certDigestList', 0, MAX_LIST_ENTRIES).map((d) => {
    const f = fields(d, 'CertDigestObj', 2, 2);
    return { type: readText(f[0], 'CertDigestObj.type'), value: copy(readOctetString(f[1], 'CertDigestObj.value')) };
  });
}

function decodeV4(f: DerElement[]): SES_ESPropertyInfo {
  const base = {
    type: readSmallInteger(f[0], 'property.type'),
    name: readText(f[1], 'property.name'),
    createDate: readSesTime(f[4], 'property.createDate'),
    validStart: readSesTime(f[5], 'property.validStart'),
    validEnd: readSesTime(f[6], 'property.validEnd'),
    form: 'v4' as const,
  };
  const listType = readSmallInteger(f[2], 'property.certListType');
  if (listType === 1) return { ...base, certListType: 1, certList: decodeCerts(f[3]) };
  if (listType === 2) return { ...base, certListType: 2, certList: decodeDigests(f[3]) };
  return sesMalformed(`property.certListType ${listType} is neither 1 nor 2`);
}

function decodeV1(f: DerElement[]): SES_ESPropertyInfo {
  return {
    type: readSmallInteger(f[0], 'property.type'),
    name: readText(f[1], 'property.name'),
    certListType: 1,
    certList: decodeV1Certs(f[2]),
    createDate: readSesTime(f[3], 'property.createDate'),
    validStart: readSesTime(f[4], 'property.validStart'),
    validEnd: readSesTime(f[5], 'property.validEnd'),
    form: 'v1',
  };
}

function encodeCertList(p: SES_ESPropertyInfo): Uint8Array {
  if (p.certListType === 1) return sequence(...p.certList.map((c) => octetString(c)));
  return sequence(...p.certList.map((d) => sequence(printableString(d.type), octetString(d.value))));
}

/** Decode and encode {@link SES_ESPropertyInfo}. */
export const SES_ESPropertyInfo = {
  /** Reads the v4 or the v1 form; throws `ERR_SES_MALFORMED` for anything else. */
  decode(input: DerInput): SES_ESPropertyInfo {
    return asSesError('SES_ESPropertyInfo', () => {
      const f = fields(elementOf(input, 'SES_ESPropertyInfo'), 'SES_ESPropertyInfo', 6, 7);
      if (f.length === 7 && f[2]?.tag === TAG.INTEGER) return decodeV4(f);
      if (f.length === 6 && f[2]?.tag === TAG.SEQUENCE) return decodeV1(f);
      return sesMalformed('SES_ESPropertyInfo: neither the GB/T 38540 nor the GM/T 0031 shape');
    });
  },

  /** DER of the v4 form. Throws `ERR_SES_UNSUPPORTED` for v1 data, which is only verified. */
  encode(p: SES_ESPropertyInfo): Uint8Array {
    if (p.form === 'v1') throw new CryptoError('ERR_SES_UNSUPPORTED', 'GM/T 0031 (v1) seal data is verified, never written');
    return sequence(
      integer(p.type), utf8String(p.name), integer(p.certListType), encodeCertList(p),
      generalizedTime(p.createDate), generalizedTime(p.validStart), generalizedTime(p.validEnd),
    );
  },
};
