/**
 * SES_Header (GB/T 38540 §5.2; GM/T 0031 has the same shape):
 * `SEQUENCE { id IA5String ("ES"), version INTEGER, vid IA5String }`.
 */
import { readSmallInteger } from '../asn1/der-values.ts';
import { ia5String, integer, sequence } from '../asn1/der-writer.ts';
import { asSesError, elementOf, fields, readText, sesMalformed } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The seal data header. */
export interface SES_Header {
  /** Always `ES`. */
  readonly id: string;
  /** 4 for GB/T 38540, 1–3 for GM/T 0031 data (the shape decides, not this number). */
  readonly version: number;
  /** The seal product's vendor identifier. */
  readonly vid: string;
}

/** Decode and encode {@link SES_Header}. */
export const SES_Header = {
  /** Throws `ERR_SES_MALFORMED` for anything but a well-formed header with id `ES`. */
  decode(input: DerInput): SES_Header {
    return asSesError('SES_Header', () => {
      const f = fields(elementOf(input, 'SES_Header'), 'SES_Header', 3, 3);
      const id = readText(f[0], 'SES_Header.id');
      if (id !== 'ES') sesMalformed(`SES_Header.id is "${id}", expected "ES"`);
      return { id, version: readSmallInteger(f[1], 'SES_Header.version', 255), vid: readText(f[2], 'SES_Header.vid') };
    });
  },

  /** DER of the header. */
  encode(h: SES_Header): Uint8Array {
    return sequence(ia5String(h.id), integer(h.version), ia5String(h.vid));
  },
};
