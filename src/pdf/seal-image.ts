/**
 * The seal image as an image XObject needs it: size, and the colour and alpha planes already
 * Flate-compressed. A department stamps every document with the same few seal images, and
 * decoding the PNG and compressing its planes again cost more than the rest of a stamp, so the
 * result is kept by the SM3 of the PNG bytes in a small cache, least recently used out first.
 * Entries are shared between updates and only ever read (written out as they are).
 */
import { deflateSync } from 'node:zlib';
import { sm3 } from '../crypto/sm3.ts';
import { decodePng } from './png.ts';

/** A seal image ready to embed; `alpha` is undefined when every pixel is opaque. */
export interface EncodedSealImage {
  readonly width: number;
  readonly height: number;
  /** 8-bit RGB, Flate-compressed. */
  readonly rgb: Uint8Array;
  /** 8-bit alpha, Flate-compressed. */
  readonly alpha: Uint8Array | undefined;
}

/** How many distinct seal images are kept. */
export const SEAL_IMAGE_CACHE_LIMIT = 32;
const cache = new Map<string, EncodedSealImage>();

/** The encoded planes of `png`. Throws ERR_PDF_BAD_IMAGE for an unusable PNG (never cached). */
export function encodeSealImage(png: Uint8Array): EncodedSealImage {
  const key = Buffer.from(sm3(png)).toString('hex');
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-inserted so that the Map's order stays least recently used first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const img = decodePng(png);
  const encoded: EncodedSealImage = Object.freeze({
    width: img.width,
    height: img.height,
    rgb: deflateSync(img.rgb),
    alpha: img.alpha === undefined ? undefined : deflateSync(img.alpha),
  });
  if (cache.size >= SEAL_IMAGE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, encoded);
  return encoded;
}
