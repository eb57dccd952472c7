/**
 * Stamping in one call: prepare the placeholder → SM3 over the byte ranges → the signature
 * container (CMS SignedData, or a GB/T 38540 SES_Signature) → write it into /Contents.
 */
import type { Signer } from '../crypto/signer.ts';
import { byteRangeDigest } from './byte-range.ts';
import type { ByteRange } from './byte-range.ts';
import type { CmsAttribute } from './cms-build.ts';
import { buildSignedData } from './cms-build.ts';
import type { CmsOidSet } from './cms-oids.ts';
import { embedSignature } from './embed.ts';
import { PdfError } from './errors.ts';
import type { PrepareOptions } from './prepare.ts';
import { prepareSignature } from './prepare.ts';
import type { SignatureContainer } from './ses-container.ts';

/** Input to {@link stampPdfWith}: where the seal appears, and the container that signs. */
export interface ContainerStampOptions extends Omit<PrepareOptions, 'contentsSize' | 'subFilter'> {
  readonly container: SignatureContainer;
}

/** A stamped PDF, what its signature covers and the container written into /Contents. */
export interface ContainerStampResult {
  readonly pdf: Buffer;
  readonly byteRange: ByteRange;
  readonly fieldName: string;
  /** SM3 of the signed byte ranges (for the audit log). */
  readonly digest: Uint8Array;
  readonly container: Uint8Array;
}

/**
 * Stamps `pdf` with a visible seal and the signature `opts.container` makes, as an incremental
 * update. Throws the errors of {@link prepareSignature}, the container's own, and
 * ERR_PDF_CONTENTS_TOO_SMALL when the container outgrows the room it asked for.
 */
export async function stampPdfWith(pdf: Uint8Array, opts: ContainerStampOptions): Promise<ContainerStampResult> {
  const c = opts?.container;
  if (c === undefined || typeof c.build !== 'function' || !Number.isInteger(c.size) || c.size <= 0) {
    throw new PdfError('ERR_PDF_BAD_OPTIONS', 'a signature container is required');
  }
  const prepared = prepareSignature(pdf, { ...opts, subFilter: c.subFilter as PrepareOptions['subFilter'], contentsSize: c.size });
  const digest = byteRangeDigest(prepared.pdf, prepared.byteRange);
  const container = await c.build(digest, { byteRange: prepared.byteRange, fieldName: prepared.fieldName });
  embedSignature(prepared.pdf, prepared.byteRange, container);
  return { pdf: prepared.pdf, byteRange: prepared.byteRange, fieldName: prepared.fieldName, digest, container };
}

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
  /** Object identifiers of the CMS (cms-oids.ts); default GB/T 35275. */
  readonly cmsOids?: CmsOidSet;
}

/** A PDF stamped with a CMS signature. */
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

/** Input to {@link cmsContainer}: who signs, when, and what goes beside the signature. */
export type CmsContainerOptions = Pick<StampOptions, 'signer' | 'signingTime' | 'subFilter' | 'unsignedAttributes' | 'extraContentsSize' | 'cmsOids'>;

/**
 * A detached CMS SignedData container (SM3/SM2) by `opts.signer`; `built` is told the signed
 * attributes and signature it made. Throws ERR_PDF_SIGNING when the signer has no chain and
 * ERR_PDF_BAD_OPTIONS for a bad size or a subFilter that is not CMS.
 */
export function cmsContainer(
  opts: CmsContainerOptions, built?: (b: { signedAttributes: Uint8Array; signature: Uint8Array }) => void,
): SignatureContainer & { readonly subFilter: 'adbe.pkcs7.detached' | 'ETSI.CAdES.detached' } {
  const chain = opts?.signer?.certificateChain;
  if (!Array.isArray(chain) || chain.length === 0) throw new PdfError('ERR_PDF_SIGNING', 'the signer has no certificate chain');
  const extra = opts.extraContentsSize ?? 0;
  if (!Number.isInteger(extra) || extra < 0) throw new PdfError('ERR_PDF_BAD_OPTIONS', 'extraContentsSize must be a non-negative integer');
  const subFilter = opts.subFilter ?? 'adbe.pkcs7.detached';
  if (subFilter !== 'adbe.pkcs7.detached' && subFilter !== 'ETSI.CAdES.detached') throw new PdfError('ERR_PDF_BAD_OPTIONS', 'stampPdf writes CMS containers only');
  return {
    subFilter,
    // The chain, the signed attributes (~200 bytes), the signature (≤ 72) and the DER framing.
    size: chain.reduce((n, c) => n + c.length, 0) + 1024 + extra,
    async build(digest, span) {
      const unsignedAttributes = opts.unsignedAttributes === undefined ? [] : await opts.unsignedAttributes(digest, span);
      const b = await buildSignedData({
        signer: opts.signer, digest, signingTime: opts.signingTime, cades: subFilter === 'ETSI.CAdES.detached', unsignedAttributes,
        ...(opts.cmsOids === undefined ? {} : { oids: opts.cmsOids }),
      });
      built?.(b);
      return b.cms;
    },
  };
}

/**
 * Stamps `pdf` with a visible seal and a detached CMS signature (SM3/SM2) as an incremental
 * update. Throws the errors of {@link prepareSignature}, ERR_PDF_SIGNING when the signer fails,
 * and ERR_PDF_CONTENTS_TOO_SMALL when the CMS outgrows the reserved room.
 */
export async function stampPdf(pdf: Uint8Array, opts: StampOptions): Promise<StampResult> {
  let signed: { signedAttributes: Uint8Array; signature: Uint8Array } | undefined;
  const out = await stampPdfWith(pdf, { ...opts, container: cmsContainer(opts, (b) => { signed = b; }) });
  return { pdf: out.pdf, byteRange: out.byteRange, fieldName: out.fieldName, digest: out.digest, signedAttributes: signed!.signedAttributes, signature: signed!.signature };
}
