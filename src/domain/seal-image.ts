// What a generated seal looks like, as SVG: a round seal with the organisation's name along the
// upper arc, a five-pointed star, the kind below it and the seal code along the lower arc; an
// oval for contract and finance seals (name above, kind across the middle, code below); a square
// name seal with the characters in a 2 × 2 grid read right to left. Seal red on nothing, so the
// rendered PNG is transparent wherever the ink is not.
//
// Units are tenths of a millimetre, so the drawing is exact at any print resolution.
import type { SealKind, SealOwnerKind } from './seal.ts';
import { SEAL_KIND_INFO, sealSizeMm } from './seal.ts';

/** Seal red (印泥红). */
export const SEAL_RED = '#E60012';

export interface SealArtwork {
  kind: SealKind;
  ownerKind: SealOwnerKind;
  ownerName: string;
  /** The 13-digit seal code; printed along the lower arc of round and oval seals. */
  code: string;
  /** Name seals: the person's name. */
  personName?: string | null;
  /** The font family name the renderer has loaded. */
  fontFamily: string;
}

export interface SealSvg {
  svg: string;
  widthMm: number;
  heightMm: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 100) / 100).toString();

interface Glyph { x: number; y: number; rotate: number; size: number; scaleX: number; ch: string }

function glyphText(g: Glyph, font: string): string {
  return `<text transform="translate(${n(g.x)} ${n(g.y)}) rotate(${n(g.rotate)}) scale(${n(g.scaleX)} 1)" font-family="${esc(font)}" font-size="${n(g.size)}" text-anchor="middle" fill="${SEAL_RED}">${esc(g.ch)}</text>`;
}

/** Points along the upper or lower half of an ellipse, by arc length, with their outward normal angle. */
function ellipseSampler(cx: number, cy: number, a: number, b: number) {
  // t measured from 12 o'clock clockwise: x = a sin t, y = -b cos t.
  const steps = 2000;
  const pts: { t: number; len: number }[] = [];
  let len = 0;
  let prev = { x: cx, y: cy + b };
  for (let i = 0; i <= steps; i++) {
    const t = -Math.PI + (2 * Math.PI * i) / steps;
    const p = { x: cx + a * Math.sin(t), y: cy - b * Math.cos(t) };
    len += Math.hypot(p.x - prev.x, p.y - prev.y);
    prev = p;
    pts.push({ t, len: i === 0 ? 0 : len });
  }
  const total = len;
  const lenAt = (t: number) => pts[Math.round(((t + Math.PI) / (2 * Math.PI)) * steps)]!.len;
  const tAt = (l: number) => {
    let lo = 0;
    let hi = pts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pts[mid]!.len < l) lo = mid + 1; else hi = mid;
    }
    return pts[lo]!.t;
  };
  const at = (t: number) => ({
    x: cx + a * Math.sin(t), y: cy - b * Math.cos(t),
    // Outward normal ∝ (sin t / a, −cos t / b); as a rotation of "up" (0, −1), clockwise.
    normal: (Math.atan2(Math.sin(t) / a, Math.cos(t) / b) * 180) / Math.PI,
  });
  return { total, lenAt, tAt, at };
}

/**
 * Characters spread evenly by arc length around 12 o'clock (upper: reading clockwise, tops
 * outward) or 6 o'clock (lower: reading left to right, tops inward), over at most `maxSpan` of
 * the curve's length; glyphs are narrowed when the text would not fit at full width.
 */
function alongArc(text: string, cx: number, cy: number, a: number, b: number, size: number, maxSpan: number, upper: boolean): Glyph[] {
  const chars = [...text];
  if (chars.length === 0) return [];
  const e = ellipseSampler(cx, cy, a, b);
  const centre = e.lenAt(upper ? 0 : Math.PI - 1e-9);
  const advance = size * 1.05;
  const available = e.total * maxSpan;
  const step = chars.length === 1 ? 0 : Math.min(advance, available / (chars.length - 1));
  const scaleX = Math.min(1, Math.max(0.55, step / advance + 0.1));
  return chars.map((ch, i) => {
    const offset = (i - (chars.length - 1) / 2) * step;
    // Upper text runs clockwise (increasing length); lower text runs left to right, i.e. back along t.
    let l = upper ? centre + offset : centre - offset;
    l = ((l % e.total) + e.total) % e.total;
    const p = e.at(e.tAt(l));
    return upper
      ? { x: p.x, y: p.y, rotate: p.normal, size, scaleX, ch }
      : { x: p.x, y: p.y, rotate: p.normal + 180, size, scaleX, ch };
  });
}

function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let k = 0; k < 10; k++) {
    const ang = -Math.PI / 2 + (k * Math.PI) / 5;
    const rr = k % 2 === 0 ? r : r * 0.382;
    pts.push(`${n(cx + rr * Math.cos(ang))},${n(cy + rr * Math.sin(ang))}`);
  }
  return `<polygon points="${pts.join(' ')}" fill="${SEAL_RED}"/>`;
}

function horizontal(text: string, cx: number, baseline: number, size: number, maxWidth: number, font: string): string {
  const chars = [...text];
  const natural = chars.length * size;
  const scaleX = Math.min(1, maxWidth / natural);
  const step = size * scaleX;
  return chars.map((ch, i) => glyphText({ x: cx + (i - (chars.length - 1) / 2) * step, y: baseline, rotate: 0, size, scaleX, ch }, font)).join('');
}

function roundOrOval(art: SealArtwork, w: number, h: number): string {
  const info = SEAL_KIND_INFO[art.kind];
  const oval = info.shape === 'oval';
  const cx = w / 2;
  const cy = h / 2;
  const border = oval ? 10 : 12;
  const ra = cx - border / 2 - 2;
  const rb = cy - border / 2 - 2;
  const nameSize = oval ? 50 : 62;
  const codeSize = oval ? 24 : 26;
  const parts: string[] = [`<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(ra)}" ry="${n(rb)}" fill="none" stroke="${SEAL_RED}" stroke-width="${border}"/>`];
  // Name: baseline inside the border, tops towards it.
  const nameR = (r: number) => r - border / 2 - 6 - nameSize * 0.88;
  parts.push(...alongArc(art.ownerName, cx, cy, nameR(ra), nameR(rb), nameSize, oval ? 0.36 : 0.6, true).map((g) => glyphText(g, art.fontFamily)));
  // Code: baseline next to the border on the lower arc.
  const codeR = (r: number) => r - border / 2 - 6;
  parts.push(...alongArc(art.code, cx, cy, codeR(ra), codeR(rb), codeSize, oval ? 0.22 : 0.26, false).map((g) => glyphText(g, art.fontFamily)));
  if (oval) {
    parts.push(horizontal(info.label, cx, cy + 20, 46, w * 0.55, art.fontFamily));
  } else {
    parts.push(star(cx, cy - 8, w * 0.16));
    parts.push(horizontal(info.label, cx, cy + w * 0.26, 42, w * 0.5, art.fontFamily));
  }
  return parts.join('');
}

/** Two characters per column, right column first: 张三 → 张三之印, 李小明 → 李小明印. */
function nameSealChars(name: string): string[] {
  const chars = [...name.trim()];
  if (chars.length === 2) return [...chars, '之', '印'];
  if (chars.length === 3) return [...chars, '印'];
  return chars;
}

function square(art: SealArtwork, w: number, h: number): string {
  const border = 10;
  const parts = [`<rect x="${n(border / 2 + 2)}" y="${n(border / 2 + 2)}" width="${n(w - border - 4)}" height="${n(h - border - 4)}" fill="none" stroke="${SEAL_RED}" stroke-width="${border}"/>`];
  const chars = nameSealChars(art.personName ?? '');
  const inner = w - 2 * border - 16;
  if (chars.length === 4) {
    const cell = inner / 2;
    const size = cell * 0.92;
    chars.forEach((ch, i) => {
      const col = i < 2 ? 1 : 0;
      const row = i % 2;
      const x = border + 8 + cell * col + cell / 2;
      const y = border + 8 + cell * row + cell * 0.84;
      parts.push(glyphText({ x, y, rotate: 0, size, scaleX: 1, ch }, art.fontFamily));
    });
  } else {
    const size = Math.min(inner / Math.max(1, chars.length), inner * 0.6);
    parts.push(horizontal(chars.join(''), w / 2, h / 2 + size * 0.35, size, inner, art.fontFamily));
  }
  return parts.join('');
}

/** The seal as an SVG document sized in millimetres. */
export function sealSvg(art: SealArtwork): SealSvg {
  const { width, height } = sealSizeMm(art.kind, art.ownerKind);
  const w = width * 10;
  const h = height * 10;
  const body = SEAL_KIND_INFO[art.kind].shape === 'square' ? square(art, w, h) : roundOrOval(art, w, h);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${w} ${h}">${body}</svg>`;
  return { svg, widthMm: width, heightMm: height };
}
