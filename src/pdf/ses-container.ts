/**
 * The GB/T 38540 signature container: the SES_Signature DER itself in /Contents, its dataHash
 * the SM3 of the signed byte ranges and its propertyInfo naming them.
 *
 * No public text fixes a /SubFilter for SES data in PDF, and the products that write it use
 * their own names. `GB.T38540.SES` is our choice: it names the standard, cannot be mistaken
 * for a CMS container by readers that know only adbe.pkcs7.detached / ETSI.CAdES.detached
 * (they report an unknown format rather than a broken signature), and /Filter stays
 * Adobe.PPKLite so that readers still list the field as a signature. Change the name here
 * only; readers find the container by it.
 */
import type { Signer } from '../crypto/signer.ts';
import type { SESeal } from '../crypto/ses/SESeal.ts';
import { signWithSeal } from '../crypto/ses/sign-with-seal.ts';
import type { ByteRange } from './byte-range.ts';

/** The /SubFilter of a signature whose /Contents is an SES_Signature. */
export const SES_SUB_FILTER = 'GB.T38540.SES';

/** What a container signs over: the digest of the byte ranges, and where they are. */
export interface SignedSpan {
  readonly byteRange: ByteRange;
  readonly fieldName: string;
}

/** A signature format for /Contents: its /SubFilter, the room it needs, and how it is made. */
export interface SignatureContainer {
  readonly subFilter: string;
  /** Upper bound of the container's size in bytes (reserved in /Contents). */
  readonly size: number;
  /** The container's DER for `digest` (SM3 of the byte ranges of `signed`). */
  build(digest: Uint8Array, signed: SignedSpan): Promise<Uint8Array>;
}

/** propertyInfo of a PDF signature: the field and the byte ranges the dataHash covers. */
export function pdfPropertyInfo(byteRange: readonly number[], fieldName: string): string {
  const field = /^[\x20-\x7e]{1,64}$/.test(fieldName) ? fieldName : 'signature';
  return `application/pdf;field=${field};byterange=${byteRange.join(',')}`;
}

/** Input to {@link sesContainer}. */
export interface SesContainerOptions {
  /** A v4 seal listing the signer's certificate. */
  readonly seal: SESeal;
  readonly signer: Signer;
  /** TBS_Sign timeInfo; should equal the signature dictionary's /M. */
  readonly time: Date;
}

// TBS_Sign framing, version, time, dataHash, propertyInfo (~120), algorithm OID and signature (≤ 72).
const OVERHEAD = 512;

/**
 * An SES_Signature container signed with `seal` by `signer`. The signing errors of
 * {@link signWithSeal} (ERR_SES_*) pass through.
 */
export function sesContainer(opts: SesContainerOptions): SignatureContainer {
  const cert = opts.signer.certificateChain[0]?.length ?? 0;
  return {
    subFilter: SES_SUB_FILTER,
    size: opts.seal.der.length + cert + OVERHEAD,
    async build(digest, signed) {
      const sig = await signWithSeal({
        seal: opts.seal, signer: opts.signer, dataHash: digest, time: opts.time,
        propertyInfo: pdfPropertyInfo(signed.byteRange, signed.fieldName),
      });
      return sig.der;
    },
  };
}
