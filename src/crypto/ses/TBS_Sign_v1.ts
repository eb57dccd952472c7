/**
 * The GM/T 0031-2014 ("v1") TBS_Sign, read for verification only:
 * `SEQUENCE { version INTEGER, eseal SESeal, timeInfo BIT STRING, dataHash BIT STRING,
 * propertyInfo IA5String, cert OCTET STRING, signatureAlgorithm OBJECT IDENTIFIER }`.
 * The signer's certificate and algorithm live here rather than in SES_Signature.
 */
import { TAG } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readBitString, readOctetString, readSmallInteger } from '../asn1/der-values.ts';
import { decodeAnySeal } from './any-seal.ts';
import type { AnySESeal } from './any-seal.ts';
import { asSesError, copy, elementOf, fields, latin1, parseTimeText, readAlgorithmOid, readBits, readSesTime, readText } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** A decoded v1 TBS_Sign. */
export interface TBS_Sign_v1 {
  readonly version: number;
  readonly eseal: AnySESeal;
  /** The timeInfo contents as written (the time's text inside a BIT STRING). */
  readonly timeInfoBytes: Uint8Array;
  /** The time read from timeInfo, when it holds a time we can read. */
  readonly timeInfo?: Date;
  readonly dataHash: Uint8Array;
  readonly propertyInfo: string;
  readonly cert: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly der: Uint8Array;
}

function readTimeInfo(el: DerElement | undefined): { timeInfoBytes: Uint8Array; timeInfo?: Date } {
  if (el !== undefined && (el.tag === TAG.GENERALIZED_TIME || el.tag === TAG.UTC_TIME)) {
    return { timeInfoBytes: copy(el.value), timeInfo: readSesTime(el, 'TBS_Sign.timeInfo') };
  }
  const bytes = copy(readBitString(el, 'TBS_Sign.timeInfo').bytes);
  try {
    return { timeInfoBytes: bytes, timeInfo: parseTimeText(latin1(bytes).trim(), 'TBS_Sign.timeInfo') };
  } catch {
    // An unreadable time is reported by the verifier; the structure itself is still valid.
    return { timeInfoBytes: bytes };
  }
}

/** Decode {@link TBS_Sign_v1}. */
export const TBS_Sign_v1 = {
  /** Throws `ERR_SES_MALFORMED` for malformed input. */
  decode(input: DerInput): TBS_Sign_v1 {
    return asSesError('TBS_Sign (v1)', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'TBS_Sign');
      const f = fields(el, 'TBS_Sign (v1)', 7, 7);
      return {
        version: readSmallInteger(f[0], 'TBS_Sign.version', 255),
        eseal: decodeAnySeal(f[1]!),
        ...readTimeInfo(f[2]),
        dataHash: readBits(f[3], 'TBS_Sign.dataHash'),
        propertyInfo: readText(f[4], 'TBS_Sign.propertyInfo'),
        cert: copy(readOctetString(f[5], 'TBS_Sign.cert')),
        signatureAlgorithm: readAlgorithmOid(f[6], 'TBS_Sign.signatureAlgorithm'),
        der: el.raw,
      };
    });
  },
};
