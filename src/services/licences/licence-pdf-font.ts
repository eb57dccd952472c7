// A licence font subset embedded in the PDF as a Type 0 font (CIDFontType2, Identity-H, each
// character code the subset glyph id; ISO 32000-1 §9.7.4) with a ToUnicode CMap (§9.10.3), from
// bytes already subsetted and compressed. pdf-lib's own embedder would subset and compress the
// font again although the OFD of the same licence carries the very same subset (face-fonts.ts):
// it is made once and written here as it is. Text is drawn with each character's own glyph and
// advance, as the face measured it, so the PDF places every character where the OFD does.
import { deflateSync, crc32 } from 'node:zlib';
import { PDFHexString, PDFName, PDFRawStream, PDFString } from 'pdf-lib';
import type { PDFDocument, PDFRef } from 'pdf-lib';
import type { FaceFont } from './face-fonts.ts';

/** The font in a document: its dictionary and the string that draws a text with it. */
export interface PdfFaceFont {
  readonly ref: PDFRef;
  /** The text as 2-byte glyph ids; a character outside the subset draws .notdef. */
  encode(text: string): PDFHexString;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** UTF-16BE hex of one code point. */
function utf16Hex(cp: number): string {
  return Buffer.from(String.fromCodePoint(cp), 'utf16le').swap16().toString('hex');
}

/** The ToUnicode CMap: each subset glyph's character (bfchar sections hold at most 100 entries). */
function toUnicode(glyphOf: ReadonlyMap<number, number>): string {
  const pairs = [...glyphOf].sort((a, b) => a[1] - b[1]).map(([cp, gid]) => `<${hex4(gid)}> <${utf16Hex(cp)}>`);
  const sections: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const part = pairs.slice(i, i + 100);
    sections.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n'
    + '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n'
    + '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n'
    + '1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n'
    + `${sections.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend`;
}

/** A subset's name: six capitals from the subset's bytes, `+`, the font's name (§9.6.4). */
function subsetName(font: FaceFont): string {
  let n = crc32(font.ttf) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++, n = Math.floor(n / 26)) tag += String.fromCharCode(65 + (n % 26));
  return `${tag}+${font.metrics.postscriptName.replace(/[^!-~]|[/()<>[\]{}%#]/g, '')}`;
}

/** Embeds the subset in `doc`. */
export function embedFaceFont(doc: PDFDocument, font: FaceFont): PdfFaceFont {
  const { context } = doc;
  const m = font.metrics;
  const scale = 1000 / m.unitsPerEm;
  const name = subsetName(font);
  const file = context.register(PDFRawStream.of(context.obj({ Length1: font.ttf.length, Filter: 'FlateDecode' }), font.flate));
  const descriptor = context.register(context.obj({
    Type: 'FontDescriptor', FontName: name,
    // Symbolic (bit 3): the glyphs are chosen by id, not through a standard encoding; serif (bit 2).
    Flags: 4 | (m.serif ? 2 : 0),
    FontBBox: m.bbox.map((v) => Math.round(v * scale)), ItalicAngle: m.italicAngle,
    Ascent: Math.round(m.ascent * scale), Descent: Math.round(m.descent * scale), CapHeight: Math.round(m.capHeight * scale),
    StemV: 0, FontFile2: file,
  }));
  const widths = font.advances.slice(1).map((a) => Math.round(a * scale));
  const cidFont = context.register(context.obj({
    Type: 'Font', Subtype: 'CIDFontType2', BaseFont: name, CIDToGIDMap: 'Identity',
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
    FontDescriptor: descriptor, W: [1, widths],
  }));
  const cmap = Buffer.from(toUnicode(font.glyphOf), 'latin1');
  const unicode = context.register(PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), deflateSync(cmap)));
  const ref = context.register(context.obj({
    Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: PDFName.of('Identity-H'), DescendantFonts: [cidFont], ToUnicode: unicode,
  }));
  return {
    ref,
    encode(text) {
      let s = '';
      for (const ch of text) s += hex4(font.glyphOf.get(ch.codePointAt(0)!) ?? 0);
      return PDFHexString.of(s);
    },
  };
}
