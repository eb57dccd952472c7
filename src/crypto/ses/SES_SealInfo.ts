/**
 * SES_SealInfo (GB/T 38540 §5.2): what the seal maker signs.
 * `SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
 * picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }`.
 * GM/T 0031 data has the same outline (with the v1 property form).
 */
import { concatBytes, ia5String, sequence } from '../asn1/der-writer.ts';
import { ExtensionDatas } from './ExtensionDatas.ts';
import { SES_ESPictrueInfo } from './SES_ESPictrueInfo.ts';
import { SES_ESPropertyInfo } from './SES_ESPropertyInfo.ts';
import { SES_Header } from './SES_Header.ts';
import { asSesError, copy, elementOf, fields, readText } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The fields of a seal's information, as written. */
export interface SES_SealInfoFields {
  readonly header: SES_Header;
  /** The seal code (印章编码). */
  readonly esID: string;
  readonly property: SES_ESPropertyInfo;
  readonly picture: SES_ESPictrueInfo;
  readonly extDatas?: ExtensionDatas;
}

/** Decoded seal information with the exact bytes the maker's signature covers. */
export interface SES_SealInfo extends SES_SealInfoFields {
  /** The DER as received (or as first encoded): verify over this, never over a re-encoding. */
  readonly der: Uint8Array;
}

/** Decode, encode and create {@link SES_SealInfo}. */
export const SES_SealInfo = {
  /** Throws `ERR_SES_MALFORMED` for malformed input. */
  decode(input: DerInput): SES_SealInfo {
    return asSesError('SES_SealInfo', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SES_SealInfo');
      const f = fields(el, 'SES_SealInfo', 4, 5);
      const info = {
        header: SES_Header.decode(f[0]!),
        esID: readText(f[1], 'SES_SealInfo.esID'),
        property: SES_ESPropertyInfo.decode(f[2]!),
        picture: SES_ESPictrueInfo.decode(f[3]!),
        der: el.raw,
      };
      return f[4] === undefined ? info : { ...info, extDatas: ExtensionDatas.decode(f[4]) };
    });
  },

  /** DER of the fields (v4 form). */
  encode(s: SES_SealInfoFields): Uint8Array {
    return sequence(concatBytes(
      SES_Header.encode(s.header), ia5String(s.esID), SES_ESPropertyInfo.encode(s.property),
      SES_ESPictrueInfo.encode(s.picture), s.extDatas === undefined ? new Uint8Array(0) : ExtensionDatas.encode(s.extDatas),
    ));
  },

  /** Encodes the fields and returns the decoded result, `der` included. */
  create(s: SES_SealInfoFields): SES_SealInfo {
    return SES_SealInfo.decode(SES_SealInfo.encode(s));
  },
};
