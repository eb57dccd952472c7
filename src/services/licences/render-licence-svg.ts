// A picture of a licence's face as SVG, drawn from its laid-out face (licence-face.ts) like the PDF
// and the OFD, for the holder's page. Text is drawn as the font's glyph outlines, not as text, so
// the picture looks the same on every phone whatever fonts it has (a phone's CJK font has other
// advances and would overrun the layout); each glyph is defined once and placed with <use>.
// The seal is the image of the seal that signed the licence, at the face's seal square.
// Steps: page → frames → photos → text lines, glyph by glyph → QR code → seal image.
import type { FaceItem, FaceText, LicenceFace, LicenceFontBytes } from './licence-face.ts';
import { qrRuns } from './licence-face.ts';
import { glyphOutlines } from './licence-fontkit.ts';

const MM_PER_PT = 25.4 / 72;

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 1000) / 1000).toString();
const dataUri = (bytes: Uint8Array, format: 'png' | 'jpeg') => `data:image/${format};base64,${Buffer.from(bytes).toString('base64')}`;

export interface FaceSvgInput {
  readonly face: LicenceFace;
  readonly fonts: LicenceFontBytes;
  /** The seal's image (PNG), or null to leave its square empty. */
  readonly sealImage: Uint8Array | null;
  /** Read out by screen readers in place of the picture (the licence's name and identifier). */
  readonly description: string;
}

/** The licence face as a self-contained SVG document (no scripts, no external references). */
export function renderLicenceSvg(input: FaceSvgInput): string {
  const { face } = input;
  const fonts = { regular: glyphOutlines(input.fonts.regular), bold: glyphOutlines(input.fonts.bold) };
  const glyphIds = new Map<string, string>();
  const defs: string[] = [];
  const glyph = (t: FaceText, ch: string): string | null => {
    const key = `${t.weight}:${ch}`;
    let id = glyphIds.get(key);
    if (id === undefined) {
      const d = fonts[t.weight].outline(ch);
      if (d === '') return null;
      id = `g${glyphIds.size}`;
      glyphIds.set(key, id);
      defs.push(`<path id="${id}" d="${d}"/>`);
    }
    return id;
  };
  const text = (t: FaceText): string => {
    const scale = (t.size * MM_PER_PT) / fonts[t.weight].unitsPerEm;
    let x = t.x;
    const uses: string[] = [];
    [...t.text].forEach((ch, i) => {
      const id = glyph(t, ch);
      if (id !== null) uses.push(`<use href="#${id}" transform="translate(${n(x)} ${n(t.baseline)}) scale(${n(scale)} ${n(-scale)})"/>`);
      x += t.advances[i] ?? 0;
    });
    return `<g fill="${attr(t.color)}">${uses.join('')}</g>`;
  };
  const item = (it: FaceItem): string => {
    switch (it.kind) {
      case 'frame':
        return `<rect x="${n(it.x)}" y="${n(it.y)}" width="${n(it.width)}" height="${n(it.height)}" fill="none" stroke="${attr(it.color)}" stroke-width="${n(it.thickness * MM_PER_PT)}"/>`;
      case 'image':
        return `<image x="${n(it.x)}" y="${n(it.y)}" width="${n(it.width)}" height="${n(it.height)}" preserveAspectRatio="xMidYMid meet" href="${dataUri(it.bytes, it.format)}"/>`;
      case 'text':
        return text(it);
    }
  };
  const body = face.items.map(item);
  const { qr } = face;
  const module = qr.size / (qr.modules + 2 * qr.quietZone);
  const z = qr.quietZone;
  const qrPath = qrRuns(qr).map((r) => `M${r.col + z} ${r.row + z}h${r.length}v1h${-r.length}z`).join('');
  const s = face.seal;
  const seal = input.sealImage === null ? '' : `<image x="${n(s.x)}" y="${n(s.y)}" width="${n(s.size)}" height="${n(s.size)}" preserveAspectRatio="xMidYMid meet" opacity="0.9" href="${dataUri(input.sealImage, 'png')}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(face.width)} ${n(face.height)}" width="${n(face.width)}mm" height="${n(face.height)}mm" role="img" aria-label="${attr(input.description)}">
<title>${attr(input.description)}</title>
<defs>${defs.join('')}</defs>
<rect width="${n(face.width)}" height="${n(face.height)}" fill="#fff"/>
${body.join('\n')}
<rect x="${n(qr.x)}" y="${n(qr.y)}" width="${n(qr.size)}" height="${n(qr.size)}" fill="#fff"/>
<path transform="translate(${n(qr.x)} ${n(qr.y)}) scale(${n(module)})" d="${qrPath}" fill="#000"/>
${seal}
</svg>`;
}
