/**
 * Stamping in one call: prepare the placeholder → SM3 over the byte ranges → CMS SignedData
 * signed through the Signer → write it into /Contents.
 */
import type { Signer } from '../crypto/signer.ts';
import { byteRangeDigest } from './byte-range.ts';
import type { ByteRange } from './byte-range.ts';
import type { CmsAttribute } from './cms-build.ts';
import { buildSignedData } from './cms-build.ts';
import { embedSignature } from './embed.ts';
import { PdfError } from './errors.ts';
import type { PrepareOptions } from './prepare.ts';
import { prepareSignature } from './prepare.ts';

/** Input to {@link stampPdf}: where and how the seal appears, and who signs. */
export interface StampOptions extends Omit<PrepareOptions, 'contentsSize'> {
  readonly signer: Signer;
  /**
   * Unsigned CMS attributes made from the byte-range digest, e.g. an SES_Signature whose
   * dataHash is that digest (and whose propertyInfo names the byte range). Called once, after
   * the digest is known.
   */
  readonly unsignedAttributes?: (
    digest: Uint8Array, signed: { readonly byteRange: ByteRange; readonly fieldName: string },
  ) => Promise<readonly CmsAttribute[]> | readonly CmsAttribute[];
  /** Extra bytes to reserve in /Contents for what `unsignedAttributes` adds. Default 0. */
  readonly extraContentsSize?: number;
}

/** A stamped PDF and what its signature covers. */
export interface StampResult {
  readonly pdf: Buffer;
  readonly byteRange: ByteRange;
  readonly fieldName: string;
  /** SM3 of the signed byte ranges (for the audit log). */
  readonly digest: Uint8Array;
  /** DER of the signed attributes (what the SM2 signature covers). */
  readonly signedAttributes: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * Stamps `pdf` with a visible seal and a detached CMS signature (SM3/SM2) as an incremental
 * update. Throws the errors of {@link prepareSignature}, ERR_PDF_SIGNING when the signer fails,
 * and ERR_PDF_CONTENTS_TOO_SMALL when the CMS outgrows the reserved room.
 */
export async function stampPdf(pdf: Uint8Array, opts: StampOptions): Promise<StampResult> {
  const chain = opts?.signer?.certificateChain;
  if (!Array.isArray(chain) || chain.length === 0) throw new PdfError('ERR_PDF_SIGNING', 'the signer has no certificate chain');
  const extra = opts.extraContentsSize ?? 0;
  if (!Number.isInteger(extra) || extra < 0) throw new PdfError('ERR_PDF_BAD_OPTIONS', 'extraContentsSize must be a non-negative integer');
  // The chain, the signed attributes (~200 bytes), the signature (≤ 72) and the DER framing.
  const contentsSize = chain.reduce((n, c) => n + c.length, 0) + 1024 + extra;
  const prepared = prepareSignature(pdf, { ...opts, contentsSize });
  const digest = byteRangeDigest(prepared.pdf, prepared.byteRange);
  const unsignedAttributes = opts.unsignedAttributes === undefined ? [] : await opts.unsignedAttributes(digest, { byteRange: prepared.byteRange, fieldName: prepared.fieldName });
  const built = await buildSignedData({
    signer: opts.signer, digest, signingTime: opts.signingTime, cades: opts.subFilter === 'ETSI.CAdES.detached', unsignedAttributes,
  });
  embedSignature(prepared.pdf, prepared.byteRange, built.cms);
  return {
    pdf: prepared.pdf, byteRange: prepared.byteRange, fieldName: prepared.fieldName, digest,
    signedAttributes: built.signedAttributes, signature: built.signature,
  };
}
