/**
 * Reading a seal of either generation. The version number inside the header is not trusted to
 * tell them apart (producers get it wrong); the shape is: two fields make a GM/T 0031 seal,
 * four a GB/T 38540 one.
 */
import { SESeal } from './SESeal.ts';
import { SESeal_v1 } from './SESeal_v1.ts';
import { asSesError, copy, elementOf, fields } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** A seal of either generation. */
export type AnySESeal = SESeal | SESeal_v1;

/** Decodes a v1 or v4 seal by shape; throws `ERR_SES_MALFORMED` for anything else. */
export function decodeAnySeal(input: DerInput): AnySESeal {
  return asSesError('SESeal', () => {
    const el = elementOf(input instanceof Uint8Array ? copy(input) : input, 'SESeal');
    const n = fields(el, 'SESeal', 2, 4).length;
    if (n === 2) return SESeal_v1.decode(el);
    return SESeal.decode(el);
  });
}

/** The maker's certificate, signature, algorithm and the bytes signed, whatever the generation. */
export function sealSignatureParts(seal: AnySESeal): { cert: Uint8Array; algorithm: string; signature: Uint8Array; signed: Uint8Array } {
  if (seal.version === 1) {
    return { cert: seal.signInfo.cert, algorithm: seal.signInfo.signatureAlgorithm, signature: seal.signInfo.signData, signed: seal.signedBytes };
  }
  return { cert: seal.cert, algorithm: seal.signAlgID, signature: seal.signedValue, signed: seal.sealInfo.der };
}
