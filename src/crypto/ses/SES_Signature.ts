/**
 * SES_Signature (GB/T 38540 §6.2), one use of a seal:
 * `SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OBJECT IDENTIFIER,
 * signature BIT STRING, timeStamp [0] EXPLICIT BIT STRING OPTIONAL }`.
 * The signature covers the DER of `toSign` as received; the timestamp token covers the
 * signature value.
 */
import { TAG, derChildren } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readOctetString } from '../asn1/der-values.ts';
import { bitString, concatBytes, explicit, octetString, oid, sequence } from '../asn1/der-writer.ts';
import { TBS_Sign } from './TBS_Sign.ts';
import { asSesError, copy, elementOf, fields, readAlgorithmOid, readBits, sesMalformed } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** The fields of a v4 signature. */
export interface SES_SignatureFields {
  /** Embedded exactly as its `der`. */
  readonly toSign: TBS_Sign;
  /** The signer's certificate (DER). */
  readonly cert: Uint8Array;
  readonly signatureAlgID: string;
  /** DER SEQUENCE { r, s } (raw r ‖ s accepted on input). */
  readonly signature: Uint8Array;
  /** The timestamp token's bytes, when present. */
  readonly timeStamp?: Uint8Array;
}

/** A decoded GB/T 38540 signature. */
export interface SES_Signature extends SES_SignatureFields {
  readonly version: 4;
  readonly der: Uint8Array;
}

// Explicit [0] as the standard says; an implicit [0] or a bare BIT STRING as some producers write.
function readTimeStamp(el: DerElement): Uint8Array {
  if (el.tag === TAG.BIT_STRING) return readBits(el, 'timeStamp');
  if (el.tag === 0x80) return readBits({ ...el, tag: TAG.BIT_STRING }, 'timeStamp');
  if (el.tag !== 0xa0) sesMalformed(`timeStamp: unexpected tag 0x${el.tag.toString(16)}`);
  const inner = derChildren(el);
  if (inner.length !== 1) sesMalformed('timeStamp: expected one element');
  return inner[0]!.tag === TAG.BIT_STRING ? readBits(inner[0], 'timeStamp') : copy(inner[0]!.raw);
}

/** Decode, encode and create {@link SES_Signature}. */
export const SES_Signature = {
  /** Reads the v4 shape (4 or 5 fields); throws `ERR_SES_MALFORMED` otherwise. */
  decode(input: DerInput): SES_Signature {
    return asSesError('SES_Signature', () => {
      const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SES_Signature');
      const f = fields(el, 'SES_Signature', 4, 5);
      const sig = {
        version: 4 as const,
        toSign: TBS_Sign.decode(f[0]!),
        cert: copy(readOctetString(f[1], 'SES_Signature.cert')),
        signatureAlgID: readAlgorithmOid(f[2], 'SES_Signature.signatureAlgID'),
        signature: readBits(f[3], 'SES_Signature.signature'),
        der: el.raw,
      };
      return f[4] === undefined ? sig : { ...sig, timeStamp: readTimeStamp(f[4]) };
    });
  },

  /** DER of the signature; `toSign` is embedded exactly as its `der`. */
  encode(s: SES_SignatureFields): Uint8Array {
    return sequence(concatBytes(
      s.toSign.der, octetString(s.cert), oid(s.signatureAlgID), bitString(s.signature),
      s.timeStamp === undefined ? new Uint8Array(0) : explicit(0, bitString(s.timeStamp)),
    ));
  },

  /** Encodes the fields and returns the decoded result. */
  create(s: SES_SignatureFields): SES_Signature {
    return SES_Signature.decode(SES_Signature.encode(s));
  },
};
