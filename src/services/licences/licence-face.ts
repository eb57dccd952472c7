// The face of a licence: where everything goes on the page, in millimetres from the top-left
// corner, decided once from the template's layout and the licence's values. Every output format
// (PDF, OFD, a picture of the face) draws this and only this, so that they cannot differ.
// Steps: page size → each layout element in order (frames; texts wrapped with the font's
// metrics, with labels; photos) → the QR code's module matrix → the seal's square.
import QRCode from 'qrcode';
import { pageSizeMm } from '../../domain/licence-template.ts';
import type { LayoutElement, LicenceData, LicenceTemplate } from '../../domain/licence-template.ts';
import { charWidths } from './licence-fontkit.ts';

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

/** TrueType font bytes (regular and bold). */
export interface LicenceFontBytes { readonly regular: Uint8Array; readonly bold: Uint8Array }

export type FontWeight = 'regular' | 'bold';

/** One line of text: its left end and baseline (mm), size (pt) and each character's advance (mm). */
export interface FaceText {
  readonly kind: 'text';
  readonly text: string;
  readonly x: number;
  readonly baseline: number;
  readonly size: number;
  readonly weight: FontWeight;
  /** `#rrggbb` */
  readonly color: string;
  /** Advance of each character (code point) in mm; their sum is the line's width. */
  readonly advances: readonly number[];
}

/** A rectangle's outline; `thickness` in points as the template gives it. */
export interface FaceFrame { readonly kind: 'frame'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly thickness: number; readonly color: string }

/** A photo in its box. */
export interface FaceImage { readonly kind: 'image'; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly bytes: Uint8Array; readonly format: 'png' | 'jpeg' }

export type FaceItem = FaceText | FaceFrame | FaceImage;

/** The QR code: its square (mm, quiet zone included), module matrix (row-major, true = dark). */
export interface FaceQr { readonly x: number; readonly y: number; readonly size: number; readonly modules: number; readonly dark: readonly boolean[]; readonly quietZone: number }

/** A licence's face, ready for any backend. */
export interface LicenceFace {
  readonly width: number;
  readonly height: number;
  readonly items: readonly FaceItem[];
  readonly qr: FaceQr;
  /** Where the seal goes (mm). */
  readonly seal: { readonly x: number; readonly y: number; readonly size: number };
  readonly title: string;
}

const MM_PER_PT = 25.4 / 72;
const QUIET_ZONE = 4;
const LINE_HEIGHT = 1.5;
const NO_LINE_START = new Set([...'，。、；：？！）》」』’”】〕…,.;:?!)']);

/** `2026-03-01` → `2026年03月01日`. */
export function chineseDate(iso: string): string {
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
}

type Measure = (ch: string) => number;

/** Breaks text into lines no wider than `width` mm, character by character (CJK has no spaces). */
function wrap(text: string, widthOf: Measure, width: number | undefined, maxLines: number): string[] {
  const paragraphs = text.split(/\r?\n/);
  if (width === undefined) return [paragraphs.join(' ')];
  const lines: string[] = [];
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
  const widthOfLine = (s: string) => [...s].reduce((sum, ch) => sum + widthOf(ch), 0);
  let last = kept[maxLines - 1] as string;
  while (last.length > 0 && widthOfLine(`${last}…`) > width) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

type TextElement = Extract<LayoutElement, { kind: 'text' | 'field' | 'value' }>;
type Measurers = Record<FontWeight, (ch: string, size: number) => number>;

function textLines(el: TextElement, label: string | undefined, text: string, measure: Measurers): FaceText[] {
  const weight: FontWeight = el.weight === 'bold' ? 'bold' : 'regular';
  const line = (s: string, x: number, baseline: number, w: FontWeight): FaceText => ({
    kind: 'text', text: s, x, baseline, size: el.size, weight: w, color: el.color, advances: [...s].map((ch) => measure[w](ch, el.size) * MM_PER_PT),
  });
  const out: FaceText[] = [];
  const labelWidth = 'labelWidth' in el ? el.labelWidth : 0;
  if (label !== undefined) out.push(line(label, el.x, el.y, 'bold'));
  const width = el.width === undefined ? undefined : el.width - labelWidth;
  const widthOf: Measure = (ch) => measure[weight](ch, el.size) * MM_PER_PT;
  wrap(text, widthOf, width, el.maxLines).forEach((s, i) => {
    const placed = line(s, 0, el.y + i * el.size * LINE_HEIGHT * MM_PER_PT, weight);
    const w = placed.advances.reduce((a, b) => a + b, 0);
    const x = el.align === 'center' ? el.x - w / 2 : el.align === 'right' ? el.x - w : el.x + labelWidth;
    out.push({ ...placed, x });
  });
  return out;
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

/** Lays out a licence's face from its template, data and printed values. */
export function layoutLicence(input: { template: LicenceTemplate; data: LicenceData; values: LicencePrintValues; fonts: LicenceFontBytes }): LicenceFace {
  const { template, data, values } = input;
  const measure: Measurers = { regular: charWidths(input.fonts.regular), bold: charWidths(input.fonts.bold) };
  const fieldTypes = new Map(template.definition.fields.map((f) => [f.name, f.type]));
  const items: FaceItem[] = [];
  for (const el of template.layout.elements) {
    switch (el.kind) {
      case 'frame':
        items.push({ kind: 'frame', x: el.x, y: el.y, width: el.width, height: el.height, thickness: el.thickness, color: el.color });
        break;
      case 'text':
        items.push(...textLines(el, undefined, el.text, measure));
        break;
      case 'field': {
        const v = data[el.field];
        if (v !== undefined) items.push(...textLines(el, el.label, fieldTypes.get(el.field) === 'date' ? chineseDate(v) : v, measure));
        break;
      }
      case 'value':
        items.push(...textLines(el, el.label, valueText(el.value, values), measure));
        break;
      case 'photo': {
        const v = data[el.field];
        if (v === undefined) break;
        const bytes = Buffer.from(v, 'base64');
        items.push({ kind: 'image', x: el.x, y: el.y, width: el.width, height: el.height, bytes, format: bytes[0] === 0x89 ? 'png' : 'jpeg' });
        break;
      }
    }
  }
  const code = QRCode.create(values.verificationUrl, { errorCorrectionLevel: 'M' });
  const q = template.layout.qr;
  const [width, height] = pageSizeMm(template.definition.page);
  return {
    width, height, items, title: `${template.definition.name} ${values.identifier}`,
    qr: { x: q.x, y: q.y, size: q.size, modules: code.modules.size, dark: Array.from(code.modules.data, (b) => b === 1), quietZone: QUIET_ZONE },
    seal: { ...template.layout.seal },
  };
}

/** The dark modules of the QR code as horizontal runs: row, first column, length (in modules). */
export function qrRuns(qr: FaceQr): { row: number; col: number; length: number }[] {
  const runs: { row: number; col: number; length: number }[] = [];
  const n = qr.modules;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.dark[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.dark[r * n + c]) c++;
      runs.push({ row: r, col: start, length: c - start });
    }
  }
  return runs;
}
