/**
 * SES_ESPictrueInfo (GB/T 38540 §5.2; "Pictrue" is the standard's own spelling):
 * `SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER }`.
 * Width and height are the printed size in millimetres.
 */
import { readOctetString, readSmallInteger } from '../asn1/der-values.ts';
import { ia5String, integer, octetString, sequence } from '../asn1/der-writer.ts';
import { asSesError, copy, elementOf, fields, readText } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The seal image. */
export interface SES_ESPictrueInfo {
  /** Image format, e.g. `png`, `ofd`, `svg`, `gif`. */
  readonly type: string;
  readonly data: Uint8Array;
  /** Millimetres. */
  readonly width: number;
  /** Millimetres. */
  readonly height: number;
}

/** Decode and encode {@link SES_ESPictrueInfo}. */
export const SES_ESPictrueInfo = {
  /** Throws `ERR_SES_MALFORMED` for malformed input. */
  decode(input: DerInput): SES_ESPictrueInfo {
    return asSesError('SES_ESPictrueInfo', () => {
      const f = fields(elementOf(input, 'SES_ESPictrueInfo'), 'SES_ESPictrueInfo', 4, 4);
      return {
        type: readText(f[0], 'SES_ESPictrueInfo.type'),
        data: copy(readOctetString(f[1], 'SES_ESPictrueInfo.data')),
        width: readSmallInteger(f[2], 'SES_ESPictrueInfo.width', 100_000),
        height: readSmallInteger(f[3], 'SES_ESPictrueInfo.height', 100_000),
      };
    });
  },

  /** DER of the picture information. */
  encode(p: SES_ESPictrueInfo): Uint8Array {
    return sequence(ia5String(p.type), octetString(p.data), integer(p.width), integer(p.height));
  },
};
