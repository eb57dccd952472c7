// Render a licence PDF from its template layout (before sealing).
// Steps: page of the template's size → embed the regular and bold fonts, subsetted → draw each
// layout element (frames, fixed text, fields with labels and wrapping, printed values, photos)
// → draw the QR code as vector squares from its module matrix → save.
// The seal is not drawn here: stamping puts the seal image at the layout's seal position as
// the visible appearance of the PDF signature, so the picture and the signature cannot part.
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFContentStream, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import type { PDFFont, PDFPage, RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import { pageSizeMm } from '../../domain/licence-template.ts';
import type { LayoutElement, LicenceData, LicenceTemplate } from '../../domain/licence-template.ts';

/** What is printed besides the data fields. */
export interface LicencePrintValues {
  readonly identifier: string;
  readonly issuerName: string;
  /** YYYY-MM-DD */
  readonly issueDate: string;
  readonly validFrom: string;
  /** Null for long-term. */
  readonly validUntil: string | null;
  /** The verification URL the QR code holds. */
  readonly verificationUrl: string;
}

/** Input to {@link renderLicencePdf}. */
export interface RenderLicenceInput {
  readonly template: LicenceTemplate;
  readonly data: LicenceData;
  readonly values: LicencePrintValues;
  /** TrueType font bytes (regular and bold). */
  readonly fonts: { readonly regular: Uint8Array; readonly bold: Uint8Array };
  /** Written as the document's creation date. */
  readonly createdAt: Date;
  /**
   * Called between layout elements: a licence takes some tens of ms to lay out, and the first of
   * a process, shaping every text cold, over 100 ms; a caller gives the thread back in between.
   */
  readonly pause?: () => Promise<void>;
}

/** The rendered PDF and where, in PDF points, the seal goes. */
export interface RenderedLicence {
  readonly pdf: Uint8Array;
  /** [x1, y1, x2, y2] in points from the bottom-left, for the seal appearance. */
  readonly sealRect: [number, number, number, number];
  /** The QR module matrix that was drawn (row-major, true = dark) and its side in modules. */
  readonly qr: { readonly size: number; readonly modules: readonly boolean[] };
}

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

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();

// pdf-lib shapes a string (fontkit `layout`) both to measure it and to draw it, and shaping CJK
// text through the font's OpenType lookups was the largest cost of a licence. Labels, fixed
// texts and common words repeat from licence to licence: the runs of a parsed font are kept,
// up to a bound. Only the default features are kept (pdf-lib passes none); runs are read only.
const LAYOUT_MEMO_LIMIT = 20_000;
interface Shaper { layout(text: string, features?: unknown): unknown }
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

const paddedSubsetFontkit: Fontkit = {
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

const PT_PER_MM = 72 / 25.4;
const pt = (mm: number): number => mm * PT_PER_MM;
const QUIET_ZONE = 4;

function colour(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 0xff) / 255, ((n >> 8) & 0xff) / 255, (n & 0xff) / 255);
}

/** `2026-03-01` → `2026年03月01日`. */
export function chineseDate(iso: string): string {
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
}

const NO_LINE_START = new Set([...'，。、；：？！）》」』’”】〕…,.;:?!)']);

/** Breaks text into lines no wider than `width` points, character by character (CJK has no spaces). */
function wrap(text: string, font: PDFFont, size: number, width: number | undefined, maxLines: number): string[] {
  const paragraphs = text.split(/\r?\n/);
  if (width === undefined) return [paragraphs.join(' ')];
  const lines: string[] = [];
  // A line's width is the sum of its characters' widths (measured once each): measuring every
  // growing prefix made wrapping quadratic in the text's length. CJK text has no kerning, so
  // the sum is the shaped width.
  const widths = new Map<string, number>();
  const widthOf = (ch: string): number => {
    let w = widths.get(ch);
    if (w === undefined) widths.set(ch, (w = font.widthOfTextAtSize(ch, size)));
    return w;
  };
  for (const p of paragraphs) {
    let line = '';
    let lineWidth = 0;
    for (const ch of p) {
      // Closing punctuation never starts a line (Chinese line-breaking rule): it hangs at the end.
      if (line !== '' && !NO_LINE_START.has(ch) && lineWidth + widthOf(ch) > width) {
        lines.push(line);
        line = '';
        lineWidth = 0;
      }
      line += ch;
      lineWidth += widthOf(ch);
    }
    lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  // Never drop content silently: the last line ends with an ellipsis, and the template's field
  // limits should keep this from happening at all.
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] as string;
  while (last.length > 0 && font.widthOfTextAtSize(`${last}…`, size) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

type TextElement = Extract<LayoutElement, { kind: 'text' | 'field' | 'value' }>;

function drawText(page: PDFPage, el: TextElement, label: string | undefined, text: string, fonts: { regular: PDFFont; bold: PDFFont }): void {
  const font = el.weight === 'bold' ? fonts.bold : fonts.regular;
  const color = colour(el.color);
  const height = page.getHeight();
  const x = pt(el.x);
  const baseline = height - pt(el.y);
  const labelWidth = 'labelWidth' in el ? pt(el.labelWidth) : 0;
  if (label !== undefined) page.drawText(label, { x, y: baseline, size: el.size, font: fonts.bold, color });
  const width = el.width === undefined ? undefined : pt(el.width) - labelWidth;
  const lines = wrap(text, font, el.size, width, el.maxLines);
  lines.forEach((line, i) => {
    const w = font.widthOfTextAtSize(line, el.size);
    const left = el.align === 'center' ? x - w / 2 : el.align === 'right' ? x - w : x + labelWidth;
    page.drawText(line, { x: left, y: baseline - i * el.size * 1.5, size: el.size, font, color });
  });
}

function valueText(v: Extract<LayoutElement, { kind: 'value' }>['value'], values: LicencePrintValues): string {
  switch (v) {
    case 'identifier': return values.identifier;
    case 'issuerName': return values.issuerName;
    case 'issueDate': return chineseDate(values.issueDate);
    case 'validFrom': return chineseDate(values.validFrom);
    case 'validUntil': return values.validUntil === null ? '长期' : chineseDate(values.validUntil);
    case 'validity': return `${chineseDate(values.validFrom)} 至 ${values.validUntil === null ? '长期' : chineseDate(values.validUntil)}`;
  }
}

/** The QR code's dark modules as one SVG path of horizontal runs, in module units. */
function qrPath(size: number, dark: (r: number, c: number) => boolean): string {
  let d = '';
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      if (!dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && dark(r, c)) c++;
      d += `M${start + QUIET_ZONE} ${r + QUIET_ZONE}h${c - start}v1h${start - c}z`;
    }
  }
  return d;
}

/** Renders the unsealed licence PDF. */
export async function renderLicencePdf(input: RenderLicenceInput): Promise<RenderedLicence> {
  const { template, data, values } = input;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(paddedSubsetFontkit);
  // Font subsets are compressed by pdf-lib in JavaScript (pako); Node's zlib gives the same
  // Flate format natively, several times faster.
  doc.context.flateStream = (contents, dict = {}) => doc.context.stream(deflateSync(contents), { ...dict, Filter: 'FlateDecode' });
  doc.setTitle(`${template.definition.name} ${values.identifier}`);
  doc.setProducer('yinxin');
  doc.setCreationDate(input.createdAt);
  doc.setModificationDate(input.createdAt);
  const [wMm, hMm] = pageSizeMm(template.definition.page);
  const page = doc.addPage([pt(wMm), pt(hMm)]);
  const height = page.getHeight();
  const fonts = {
    regular: await doc.embedFont(input.fonts.regular, { subset: true }),
    bold: await doc.embedFont(input.fonts.bold, { subset: true }),
  };
  const fieldLabels = new Map(template.definition.fields.map((f) => [f.name, f]));

  for (const el of template.layout.elements) {
    switch (el.kind) {
      case 'frame':
        page.drawRectangle({
          x: pt(el.x), y: height - pt(el.y + el.height), width: pt(el.width), height: pt(el.height),
          borderColor: colour(el.color), borderWidth: el.thickness,
        });
        break;
      case 'text':
        drawText(page, el, undefined, el.text, fonts);
        break;
      case 'field': {
        const v = data[el.field];
        if (v === undefined) break;
        drawText(page, el, el.label, fieldLabels.get(el.field)?.type === 'date' ? chineseDate(v) : v, fonts);
        break;
      }
      case 'value':
        drawText(page, el, el.label, valueText(el.value, values), fonts);
        break;
      case 'photo': {
        const v = data[el.field];
        if (v === undefined) break;
        const bytes = Buffer.from(v, 'base64');
        const image = bytes[0] === 0x89 ? await doc.embedPng(bytes) : await doc.embedJpg(bytes);
        page.drawImage(image, { x: pt(el.x), y: height - pt(el.y + el.height), width: pt(el.width), height: pt(el.height) });
        break;
      }
    }
    await input.pause?.();
  }

  const qr = QRCode.create(values.verificationUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cells = qr.modules.data;
  const dark = (r: number, c: number): boolean => cells[r * n + c] === 1;
  const side = pt(template.layout.qr.size);
  const scale = side / (n + 2 * QUIET_ZONE);
  const qx = pt(template.layout.qr.x);
  const qyTop = height - pt(template.layout.qr.y);
  page.drawRectangle({ x: qx, y: qyTop - side, width: side, height: side, color: rgb(1, 1, 1) });
  page.drawSvgPath(qrPath(n, dark), { x: qx, y: qyTop, scale, color: rgb(0, 0, 0), borderWidth: 0 });
  await input.pause?.();

  const s = template.layout.seal;
  const sealRect: [number, number, number, number] = [pt(s.x), height - pt(s.y + s.size), pt(s.x + s.size), height - pt(s.y)];
  // pdf-lib compresses page content streams with pako as it writes them, which took longer than
  // laying the page out: once every asset is embedded, each such stream is replaced by the same
  // Flate data from node:zlib.
  await doc.flush();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFContentStream && obj.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode')) {
      doc.context.assign(ref, PDFRawStream.of(obj.dict.clone(doc.context), deflateSync(obj.getUnencodedContents())));
    }
  }
  const pdf = await doc.save({ useObjectStreams: false });
  return { pdf, sealRect, qr: { size: n, modules: Array.from(cells, (b) => b === 1) } };
}

/**
 * Parses the licence fonts and shapes a first run with each, a step per turn of the event loop
 * (`pause` between steps), so that the first licence rendered by a process does not hold its
 * thread for all of that at once.
 */
export async function warmLicenceFonts(fonts: RenderLicenceInput['fonts'], pause: () => Promise<void>): Promise<void> {
  for (const data of [fonts.regular, fonts.bold]) {
    const font = paddedSubsetFontkit.create(data) as unknown as Shaper;
    await pause();
    font.layout('营业执照统一社会信用代码');
    await pause();
  }
}
