/**
 * The GM/T 0031-2014 ("v1") seal, read for verification only:
 * `SESeal ::= SEQUENCE { esealInfo SES_SealInfo, signInfo SES_SignInfo }`,
 * `SES_SignInfo ::= SEQUENCE { cert OCTET STRING, signatureAlgorithm OBJECT IDENTIFIER,
 * signData BIT STRING }`. The maker's signature covers
 * DER(SEQUENCE { esealInfo, cert, signatureAlgorithm }), which {@link SESeal_v1.signedBytes}
 * rebuilds from the original element bytes.
 */
import { readOctetString } from '../asn1/der-values.ts';
import { sequence } from '../asn1/der-writer.ts';
import { SES_SealInfo } from './SES_SealInfo.ts';
import { asSesError, copy, elementOf, fields, readAlgorithmOid, readBits } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The maker's signature block of a v1 seal. */
export interface SES_SignInfo {
  readonly cert: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signData: Uint8Array;
}

/** A decoded GM/T 0031 seal. */
export interface SESeal_v1 {
  readonly version: 1;
  readonly sealInfo: SES_SealInfo;
  readonly signInfo: SES_SignInfo;
  /** What the maker signed: SEQUENCE of the original esealInfo, cert and algorithm elements. */
  readonly signedBytes: Uint8Array;
  /** The DER as received. */
  readonly der: Uint8Array;
}

/** Decode {@link SESeal_v1}. */
export const SESeal_v1 = {
  /** Reads the 2-field v1 shape; throws `ERR_SES_MALFORMED` otherwise. */
  decode(input: DerInput): SESeal_v1 {
    return asSesError('SESeal (v1)', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SESeal');
      const f = fields(el, 'SESeal (v1)', 2, 2);
      const sealInfo = SES_SealInfo.decode(f[0]!);
      const s = fields(f[1], 'SES_SignInfo', 3, 3);
      return {
        version: 1,
        sealInfo,
        signInfo: {
          cert: copy(readOctetString(s[0], 'SES_SignInfo.cert')),
          signatureAlgorithm: readAlgorithmOid(s[1], 'SES_SignInfo.signatureAlgorithm'),
          signData: readBits(s[2], 'SES_SignInfo.signData'),
        },
        signedBytes: sequence(sealInfo.der, s[0]!.raw, s[1]!.raw),
        der: el.raw,
      };
    });
  },
};
