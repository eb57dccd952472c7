/**
 * TBS_Sign (GB/T 38540 §6.2), what the signer signs on each use of a seal:
 * `SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING,
 * propertyInfo IA5String, extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }`.
 *
 * `extDatas` is also accepted with an implicit [0] tag or untagged, as some producers write it;
 * it is always written explicitly tagged.
 */
import { TAG, derChildren } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readSmallInteger } from '../asn1/der-values.ts';
import { bitString, concatBytes, explicit, generalizedTime, ia5String, integer, sequence } from '../asn1/der-writer.ts';
import { ExtensionDatas } from './ExtensionDatas.ts';
import { decodeAnySeal } from './any-seal.ts';
import type { AnySESeal } from './any-seal.ts';
import { asSesError, copy, elementOf, fields, readBits, readSesTime, readText, sesMalformed } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The fields of a v4 TBS_Sign. */
export interface TBS_SignFields {
  /** 4. */
  readonly version: number;
  /** The seal, embedded exactly as its `der`. */
  readonly eseal: AnySESeal;
  /** The signing time the signer claims (not proof of time: that is the timestamp's job). */
  readonly timeInfo: Date;
  /** SM3 of the protected data. */
  readonly dataHash: Uint8Array;
  /** What is protected, e.g. the OFD path of Signature.xml. */
  readonly propertyInfo: string;
  readonly extDatas?: ExtensionDatas;
}

/** A decoded TBS_Sign with the exact bytes the signature covers. */
export interface TBS_Sign extends TBS_SignFields {
  readonly der: Uint8Array;
}

/** The ExtensionDatas under [0], whichever tagging the producer used. */
export function readTaggedExtDatas(el: DerElement): ExtensionDatas {
  if (el.tag === TAG.SEQUENCE) return ExtensionDatas.decode(el);
  if (el.tag !== 0xa0) sesMalformed(`extDatas: unexpected tag 0x${el.tag.toString(16)}`);
  const inner = derChildren(el);
  const explicitForm = inner.length === 1 && inner[0]!.tag === TAG.SEQUENCE &&
    (inner[0]!.value.length === 0 || derChildren(inner[0]!)[0]?.tag === TAG.SEQUENCE);
  if (explicitForm) return ExtensionDatas.decode(inner[0]!);
  return ExtensionDatas.decode({ ...el, tag: TAG.SEQUENCE });
}

/** Decode, encode and create {@link TBS_Sign}. */
export const TBS_Sign = {
  /** Throws `ERR_SES_MALFORMED` for malformed input. */
  decode(input: DerInput): TBS_Sign {
    return asSesError('TBS_Sign', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'TBS_Sign');
      const f = fields(el, 'TBS_Sign', 5, 6);
      const tbs = {
        version: readSmallInteger(f[0], 'TBS_Sign.version', 255),
        eseal: decodeAnySeal(f[1]!),
        timeInfo: readSesTime(f[2], 'TBS_Sign.timeInfo'),
        dataHash: readBits(f[3], 'TBS_Sign.dataHash'),
        propertyInfo: readText(f[4], 'TBS_Sign.propertyInfo'),
        der: el.raw,
      };
      return f[5] === undefined ? tbs : { ...tbs, extDatas: readTaggedExtDatas(f[5]) };
    });
  },

  /** DER of the fields. */
  encode(t: TBS_SignFields): Uint8Array {
    return sequence(concatBytes(
      integer(t.version), t.eseal.der, generalizedTime(t.timeInfo), bitString(t.dataHash), ia5String(t.propertyInfo),
      t.extDatas === undefined ? new Uint8Array(0) : explicit(0, ExtensionDatas.encode(t.extDatas)),
    ));
  },

  /** Encodes the fields and returns the decoded result. */
  create(t: TBS_SignFields): TBS_Sign {
    return TBS_Sign.decode(TBS_Sign.encode(t));
  },
};
