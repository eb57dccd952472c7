// The licence fonts as fontkit sees them, shared by every licence backend (PDF, OFD): parsed
// once per process, with the shaping of repeated runs and the glyph records of subsets kept.
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

// @pdf-lib/fontkit 1.1.1 writes a subset's loca table in the short format (offsets halved)
// without padding glyph records to an even length, so after the first odd-length glyph every
// later glyph is read from the wrong place and prints blank (fixed upstream in fontkit 1.8).
// Each record is padded here to keep every offset even. Parsed fonts are kept per byte array,
// since parsing a 15 MB CJK font costs far more than the rest of a licence.
interface TtfSubsetInternals {
  glyf: Uint8Array[];
  offset: number;
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  includeGlyph(gid: number): number;
  _addGlyph(gid: number): number;
}

/** What fontkit's TTF subsetter reads from the font for one glyph. */
interface TtfFontInternals {
  _variationProcessor?: unknown;
  loca: { offsets: number[] };
  _getTableStream(tag: string): { pos: number; readBuffer(n: number): Uint8Array };
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
}

/** A glyph's record (padded to an even length) and what a subset needs besides. */
interface GlyphRecord {
  readonly bytes: Uint8Array;
  /** Component glyphs of a compound glyph and where their ids sit in `bytes`. */
  readonly components: readonly { readonly glyphID: number; readonly pos: number }[];
  readonly advance: number;
  readonly bearing: number;
}

/** The fork's own Buffer class (it checks buffers against it), with what is used of it. */
interface ForkBuffer extends Uint8Array { writeUInt16BE(value: number, offset: number): number }
type ForkBufferClass = { alloc(n: number): ForkBuffer };

export type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();

// pdf-lib shapes a string (fontkit `layout`) both to measure it and to draw it, and shaping CJK
// text through the font's OpenType lookups was the largest cost of a licence. Labels, fixed
// texts and common words repeat from licence to licence: the runs of a parsed font are kept,
// up to a bound. Only the default features are kept (pdf-lib passes none); runs are read only.
const LAYOUT_MEMO_LIMIT = 20_000;
export interface Shaper { layout(text: string, features?: unknown): unknown }
function memoiseLayout(font: ReturnType<Fontkit['create']>): void {
  const f = font as unknown as Shaper;
  const layout = f.layout.bind(f);
  const memo = new Map<string, unknown>();
  f.layout = (text: string, features?: unknown) => {
    if (features !== undefined || typeof text !== 'string') return layout(text, features);
    let run = memo.get(text);
    if (run === undefined) {
      if (memo.size >= LAYOUT_MEMO_LIMIT) memo.clear();
      run = layout(text);
      memo.set(text, run);
    }
    return run;
  };
}

// Subsetting decoded every glyph it took (outline and metrics) for every licence, though the
// same few hundred characters recur from licence to licence: a glyph's padded record is read
// once per parsed font and copied into each subset as fontkit's own _addGlyph would, with a
// compound glyph's component ids rewritten for that subset. Records are only read, so subsets
// share them; there are at most as many as the font has glyphs.
function glyphRecordReader(font: TtfFontInternals): { read(gid: number): GlyphRecord; alloc(n: number): ForkBuffer } {
  const records = new Map<number, GlyphRecord>();
  let bufferClass: ForkBufferClass | undefined;
  const alloc = (n: number): ForkBuffer => bufferClass!.alloc(n);
  const read = (gid: number): GlyphRecord => {
    let rec = records.get(gid);
    if (rec !== undefined) return rec;
    const glyph = font.getGlyph(gid);
    const glyf = glyph._decode();
    const start = font.loca.offsets[gid] as number;
    const stream = font._getTableStream('glyf');
    stream.pos += start;
    const raw = stream.readBuffer((font.loca.offsets[gid + 1] as number) - start);
    bufferClass ??= raw.constructor as unknown as ForkBufferClass;
    const bytes = alloc(raw.length + (raw.length % 2));
    bytes.set(raw);
    const components = glyf !== null && glyf.numberOfContours < 0 ? (glyf.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : [];
    rec = { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
    records.set(gid, rec);
    return rec;
  };
  return { read, alloc };
}

/** Fontkit's per-glyph step for a static TrueType font, from the font's shared glyph records. */
function addGlyphFromRecords(subset: TtfSubsetInternals, glyphs: ReturnType<typeof glyphRecordReader>, gid: number): number {
  const rec = glyphs.read(gid);
  let bytes: Uint8Array = rec.bytes;
  if (rec.components.length > 0) {
    const copy = glyphs.alloc(bytes.length);
    copy.set(bytes);
    for (const c of rec.components) copy.writeUInt16BE(subset.includeGlyph(c.glyphID), c.pos);
    bytes = copy;
  }
  subset.glyf.push(bytes);
  subset.loca.offsets.push(subset.offset);
  subset.hmtx.metrics.push({ advance: rec.advance, bearing: rec.bearing });
  subset.offset += bytes.length;
  return subset.glyf.length - 1;
}

/** Fontkit's own per-glyph step, with the record padded (for fonts with variations). */
function padAddGlyph(subset: TtfSubsetInternals): void {
  const addGlyph = subset._addGlyph.bind(subset);
  subset._addGlyph = (gid: number) => {
    const i = addGlyph(gid);
    const record = subset.glyf[i] as Uint8Array;
    if (record.length % 2 === 1) {
      // The fork checks buffers against its own Buffer class, so pad with that class.
      const padded = (record.constructor as unknown as ForkBufferClass).alloc(record.length + 1);
      padded.set(record);
      subset.glyf[i] = padded;
      subset.offset += 1;
    }
    return i;
  };
}

/** fontkit with the fixes and caches above; give it to pdf-lib or use it directly. */
export const paddedSubsetFontkit: Fontkit = {
  create(data: Uint8Array) {
    const cached = parsedFonts.get(data);
    if (cached !== undefined) return cached;
    // Given a typed array, the fork copies it byte by byte into a Buffer of its own (0.1–0.3 s of
    // one thread for a 15 MB font); given an ArrayBuffer, it reads it in place.
    const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer;
    const font = fontkit.create(whole as unknown as Uint8Array);
    const internals = font as unknown as TtfFontInternals;
    const glyphs = glyphRecordReader(internals);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset() as unknown as TtfSubsetInternals;
      if (typeof subset._addGlyph === 'function') {
        // A variation font's glyphs are re-encoded for the chosen instance: left to fontkit.
        if (internals._variationProcessor) padAddGlyph(subset);
        else subset._addGlyph = (gid: number) => addGlyphFromRecords(subset, glyphs, gid);
      }
      return subset as unknown as ReturnType<typeof createSubset>;
    };
    memoiseLayout(font);
    parsedFonts.set(data, font);
    return font;
  },
};

/** What the licence backends use of a parsed font. */
interface FontApi {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
  readonly postscriptName: string | null;
  readonly 'OS/2'?: { sFamilyClass?: number };
  layout(text: string): { glyphs: { id: number; advanceWidth: number; path: { toSVG(): string } }[] };
  createSubset(): { includeGlyph(gid: number): number; encodeStream(): SubsetStream };
}
interface SubsetStream {
  on(event: 'data', f: (chunk: Uint8Array) => void): SubsetStream;
  on(event: 'end', f: () => void): SubsetStream;
  on(event: 'error', f: (e: unknown) => void): SubsetStream;
}

function fontOf(data: Uint8Array): FontApi {
  return paddedSubsetFontkit.create(data) as unknown as FontApi;
}

/** A measurer of single characters in one font, in points at `size`, each measured once. */
export function charWidths(data: Uint8Array): (ch: string, size: number) => number {
  const font = fontOf(data);
  const units = new Map<string, number>();
  return (ch, size) => {
    let w = units.get(ch);
    if (w === undefined) {
      w = font.layout(ch).glyphs.reduce((sum, g) => sum + g.advanceWidth, 0);
      units.set(ch, w);
    }
    return (w * size) / font.unitsPerEm;
  };
}

/**
 * The outline of each character's glyphs in one font as SVG path data, in font units with y up
 * (`unitsPerEm` to the em), each character's outline made once.
 */
export function glyphOutlines(data: Uint8Array): { unitsPerEm: number; outline(ch: string): string } {
  const font = fontOf(data);
  const outlines = new Map<string, string>();
  return {
    unitsPerEm: font.unitsPerEm,
    outline(ch) {
      let d = outlines.get(ch);
      if (d === undefined) {
        d = font.layout(ch).glyphs.map((g) => g.path.toSVG()).join('');
        outlines.set(ch, d);
      }
      return d;
    },
  };
}

/** What a PDF font descriptor says of a font (font units; `unitsPerEm` to the em). */
export interface FontMetrics {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: readonly [number, number, number, number];
  readonly postscriptName: string;
  readonly serif: boolean;
}

/** The metrics of a font, from its head, hhea, OS/2 and post tables. */
export function fontMetrics(data: Uint8Array): FontMetrics {
  const f = fontOf(data);
  const family = f['OS/2']?.sFamilyClass ?? 0;
  return {
    unitsPerEm: f.unitsPerEm, ascent: f.ascent, descent: f.descent, capHeight: f.capHeight || f.ascent, italicAngle: f.italicAngle,
    bbox: [f.bbox.minX, f.bbox.minY, f.bbox.maxX, f.bbox.maxY], postscriptName: f.postscriptName ?? 'Font',
    // OS/2 family classes 1–7 are the serif ones.
    serif: (family >> 8) >= 1 && (family >> 8) <= 7,
  };
}

/** A TrueType subset holding the glyphs of `chars`, and which subset glyph each character maps to. */
export interface FontSubset {
  readonly ttf: Uint8Array;
  /** Unicode code point → glyph id in the subset. */
  readonly glyphOf: ReadonlyMap<number, number>;
  /** Advance width of each subset glyph in font units, by glyph id (0 for .notdef). */
  readonly advances: readonly number[];
}

/**
 * The subset of a font for the given characters (one glyph each, as the backends draw them).
 * fontkit writes no cmap into a TrueType subset (PDF does not need one); the caller adds one
 * from `glyphOf` where a format needs it.
 */
export function subsetFont(data: Uint8Array, chars: Iterable<string>): Promise<FontSubset> {
  const font = fontOf(data);
  const subset = font.createSubset();
  const glyphOf = new Map<number, number>();
  const advances: number[] = [0];
  for (const ch of chars) {
    const cp = ch.codePointAt(0);
    const glyph = font.layout(ch).glyphs[0];
    if (cp === undefined || glyph === undefined || glyphOf.has(cp)) continue;
    const gid = subset.includeGlyph(glyph.id);
    glyphOf.set(cp, gid);
    advances[gid] = glyph.advanceWidth;
  }
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    subset.encodeStream()
      .on('data', (chunk) => parts.push(chunk))
      .on('end', () => resolve({ ttf: Buffer.concat(parts), glyphOf, advances: Array.from(advances, (a) => a ?? 0) }))
      .on('error', reject);
  });
}
