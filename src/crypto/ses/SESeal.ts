/**
 * SESeal (GB/T 38540 §5.2), the electronic seal signed by the seal maker:
 * `SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OBJECT IDENTIFIER,
 * signedValue BIT STRING }`. The signature covers the DER of `eSealInfo` as received.
 */
import { bitString, octetString, oid, sequence } from '../asn1/der-writer.ts';
import { readOctetString } from '../asn1/der-values.ts';
import { SES_SealInfo } from './SES_SealInfo.ts';
import { asSesError, copy, elementOf, fields, readAlgorithmOid, readBits } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The fields of a v4 seal. */
export interface SESealFields {
  readonly sealInfo: SES_SealInfo;
  /** The seal maker's certificate (DER). */
  readonly cert: Uint8Array;
  /** Signature algorithm OID, normally SM3withSM2 `1.2.156.10197.1.501`. */
  readonly signAlgID: string;
  /** The maker's signature over `sealInfo.der` (DER or raw r ‖ s). */
  readonly signedValue: Uint8Array;
}

/** A decoded GB/T 38540 seal. */
export interface SESeal extends SESealFields {
  readonly version: 4;
  /** The DER as received. */
  readonly der: Uint8Array;
}

/** Decode, encode and create {@link SESeal}. */
export const SESeal = {
  /** Reads the 4-field v4 shape; throws `ERR_SES_MALFORMED` otherwise. */
  decode(input: DerInput): SESeal {
    return asSesError('SESeal', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SESeal');
      const f = fields(el, 'SESeal', 4, 4);
      return {
        version: 4,
        sealInfo: SES_SealInfo.decode(f[0]!),
        cert: copy(readOctetString(f[1], 'SESeal.cert')),
        signAlgID: readAlgorithmOid(f[2], 'SESeal.signAlgID'),
        signedValue: readBits(f[3], 'SESeal.signedValue'),
        der: el.raw,
      };
    });
  },

  /** DER of the seal; `sealInfo` is embedded exactly as its `der`, so the signature stays valid. */
  encode(s: SESealFields): Uint8Array {
    return sequence(s.sealInfo.der, octetString(s.cert), oid(s.signAlgID), bitString(s.signedValue));
  },

  /** Encodes the fields and returns the decoded result. */
  create(s: SESealFields): SESeal {
    return SESeal.decode(SESeal.encode(s));
  },
};
