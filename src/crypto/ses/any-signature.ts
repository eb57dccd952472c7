/**
 * Reading an SES signature of either generation, by shape: two fields make a GM/T 0031
 * signature, four or five a GB/T 38540 one.
 */
import { SES_Signature } from './SES_Signature.ts';
import { SES_Signature_v1 } from './SES_Signature_v1.ts';
import type { AnySESeal } from './any-seal.ts';
import { asSesError, copy, elementOf, fields } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** A signature of either generation. */
export type AnySESSignature = SES_Signature | SES_Signature_v1;

/** Decodes a v1 or v4 signature; throws `ERR_SES_MALFORMED` for anything else. */
export function decodeAnySignature(input: DerInput): AnySESSignature {
  return asSesError('SES_Signature', () => {
    const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SES_Signature');
    const n = fields(el, 'SES_Signature', 2, 5).length;
    if (n === 2) return SES_Signature_v1.decode(el);
    return SES_Signature.decode(el);
  });
}

/** What the verifier needs from a signature, the same for both generations. */
export interface SignatureParts {
  readonly version: 1 | 4;
  readonly seal: AnySESeal;
  readonly signerCert: Uint8Array;
  readonly algorithm: string;
  readonly signature: Uint8Array;
  /** The TBS_Sign DER as received: what the signature covers. */
  readonly signed: Uint8Array;
  /** The claimed signing time, when readable. */
  readonly signingTime?: Date;
  readonly dataHash: Uint8Array;
  readonly propertyInfo: string;
  readonly timeStamp?: Uint8Array;
}

/** The version-neutral view of a decoded signature. */
export function signatureParts(s: AnySESSignature): SignatureParts {
  const t = s.toSign;
  if (s.version === 1 || !('signatureAlgID' in s)) {
    const v1 = s as SES_Signature_v1;
    return {
      version: 1, seal: v1.toSign.eseal, signerCert: v1.toSign.cert, algorithm: v1.toSign.signatureAlgorithm,
      signature: v1.signature, signed: v1.toSign.der, dataHash: v1.toSign.dataHash, propertyInfo: v1.toSign.propertyInfo,
      ...(v1.toSign.timeInfo === undefined ? {} : { signingTime: v1.toSign.timeInfo }),
    };
  }
  return {
    version: 4, seal: s.toSign.eseal, signerCert: s.cert, algorithm: s.signatureAlgID, signature: s.signature,
    signed: t.der, signingTime: s.toSign.timeInfo, dataHash: s.toSign.dataHash, propertyInfo: s.toSign.propertyInfo,
    ...(s.timeStamp === undefined ? {} : { timeStamp: s.timeStamp }),
  };
}
