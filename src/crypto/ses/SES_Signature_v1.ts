/**
 * The GM/T 0031-2014 ("v1") signature, read for verification only:
 * `SEQUENCE { toSign TBS_Sign, signature BIT STRING }`.
 */
import { TBS_Sign_v1 } from './TBS_Sign_v1.ts';
import { asSesError, copy, elementOf, fields, readBits } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** A decoded v1 signature. */
export interface SES_Signature_v1 {
  readonly version: 1;
  readonly toSign: TBS_Sign_v1;
  readonly signature: Uint8Array;
  readonly der: Uint8Array;
}

/** Decode {@link SES_Signature_v1}. */
export const SES_Signature_v1 = {
  /** Throws `ERR_SES_MALFORMED` for malformed input. */
  decode(input: DerInput): SES_Signature_v1 {
    return asSesError('SES_Signature (v1)', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SES_Signature');
      const f = fields(el, 'SES_Signature (v1)', 2, 2);
      return { version: 1, toSign: TBS_Sign_v1.decode(f[0]!), signature: readBits(f[1], 'SES_Signature.signature'), der: el.raw };
    });
  },
};
