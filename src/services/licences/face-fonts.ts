// The fonts of one licence face, made once for both of its files: for each weight, the TrueType
// subset of the characters the face shows, with a cmap (OFD text is Unicode and its readers map
// characters through the font; PDF readers, given glyph ids, ignore it), compressed once. The
// PDF embeds these bytes as its fonts and the OFD package stores the same compressed bytes, so
// subsetting and compressing, the largest costs of drawing a licence, are done once, not per format.
import { deflateSync } from 'node:zlib';
import { completeTrueTypeSubset } from '../../ofd/index.ts';
import type { FaceText, FontWeight, LicenceFace, LicenceFontBytes } from './licence-face.ts';
import { fontMetrics, subsetFont } from './licence-fontkit.ts';
import type { FontMetrics } from './licence-fontkit.ts';

/** One weight's subset as both formats use it. */
export interface FaceFont {
  /** The TrueType subset, with a cmap. */
  readonly ttf: Uint8Array;
  /** `ttf` compressed (zlib format: a PDF FlateDecode stream; without its 2-byte header and 4-byte check, a ZIP entry). */
  readonly flate: Uint8Array;
  /** Unicode code point → glyph id in the subset. */
  readonly glyphOf: ReadonlyMap<number, number>;
  /** Advance of each subset glyph in font units, by glyph id. */
  readonly advances: readonly number[];
  readonly metrics: FontMetrics;
}

export type FaceFonts = Readonly<Record<FontWeight, FaceFont>>;

async function faceFont(face: LicenceFace, data: Uint8Array, weight: FontWeight): Promise<FaceFont> {
  const chars = new Set<string>();
  for (const item of face.items) if (item.kind === 'text' && item.weight === weight) for (const ch of (item as FaceText).text) chars.add(ch);
  const subset = await subsetFont(data, chars);
  const ttf = completeTrueTypeSubset(subset.ttf, subset.glyphOf, data);
  return { ttf, flate: deflateSync(ttf), glyphOf: subset.glyphOf, advances: subset.advances, metrics: fontMetrics(data) };
}

/** The regular and bold subsets of the face. */
export async function faceFonts(face: LicenceFace, fonts: LicenceFontBytes): Promise<FaceFonts> {
  return { regular: await faceFont(face, fonts.regular, 'regular'), bold: await faceFont(face, fonts.bold, 'bold') };
}
