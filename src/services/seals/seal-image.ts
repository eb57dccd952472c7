// Seal images: generated from the seal's words (SVG rendered to PNG at print resolution), or
// uploaded and checked. An uploaded image must be a PNG (signature bytes and a readable body),
// within the size limit, of a sensible pixel size, and transparent around the ink: an opaque
// rectangle would cover the document's text under the seal.
import { AppError } from '../../domain/errors.ts';
import { sealSvg } from '../../domain/seal-image.ts';
import type { SealKind, SealOwnerKind } from '../../domain/seal.ts';
import { decodePng } from '../../pdf/png.ts';
import type { SealImageRenderer } from '../../ports/seal-image-renderer.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MIN_SIDE = 100;
const MAX_SIDE = 4096;

function bad(reason: string, message: string): never {
  throw new AppError('ERR_SEAL_IMAGE_INVALID', message, { details: { reason } });
}

/** Facts about an accepted image. */
export interface CheckedImage {
  width: number;
  height: number;
  /** Share of pixels with any ink (alpha > 0), 0–1. */
  inkShare: number;
}

/** Checks an uploaded seal PNG; ERR_SEAL_IMAGE_INVALID with `details.reason` when it will not do. */
export function checkSealPng(png: Uint8Array, maxBytes: number): CheckedImage {
  if (!(png instanceof Uint8Array) || png.length === 0) bad('empty', 'no image');
  if (png.length > maxBytes) bad('too-large', `the image is larger than ${maxBytes} bytes`);
  if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) bad('not-png', 'the image is not a PNG');
  let img: ReturnType<typeof decodePng>;
  try {
    img = decodePng(png);
  } catch {
    bad('unreadable', 'the PNG cannot be read');
  }
  if (img.width < MIN_SIDE || img.height < MIN_SIDE || img.width > MAX_SIDE || img.height > MAX_SIDE) {
    bad('dimensions', `the image must be ${MIN_SIDE}–${MAX_SIDE} pixels on each side`);
  }
  const ratio = img.width / img.height;
  if (ratio < 0.5 || ratio > 2) bad('dimensions', 'the image is too narrow or too wide for a seal');
  if (img.alpha === undefined) bad('opaque', 'the image has no transparent background');
  let clear = 0;
  for (const a of img.alpha) if (a === 0) clear++;
  const inkShare = 1 - clear / img.alpha.length;
  // Mostly clear around the ink, but not blank.
  if (clear / img.alpha.length < 0.2) bad('opaque', 'the background of the image is not transparent');
  if (inkShare < 0.01) bad('blank', 'the image shows nothing');
  return { width: img.width, height: img.height, inkShare };
}

/** Renders the seal's artwork at the configured resolution. */
export async function generateSealImage(
  renderer: SealImageRenderer,
  art: { kind: SealKind; ownerKind: SealOwnerKind; ownerName: string; code: string; personName: string | null },
  dpi: number,
): Promise<{ png: Uint8Array; widthMm: number; heightMm: number }> {
  const { svg, widthMm, heightMm } = sealSvg({ ...art, fontFamily: renderer.fontFamily });
  const png = await renderer.renderPng(svg, Math.round((widthMm / 25.4) * dpi));
  return { png, widthMm, heightMm };
}
