/**
 * Reading the seal image (PNG, ISO/IEC 15948) into the two planes a PDF image needs: colour
 * (RGB) and, when any pixel is not opaque, alpha for a soft mask. Seal images are red on a
 * transparent background, so the alpha plane is what makes the stamp look stamped.
 * Interlaced images are refused; they are rare for generated artwork.
 */
import { crc32, inflateSync } from 'node:zlib';
import { PdfError } from './errors.ts';
import { unpredictPng } from './filters.ts';

/** A decoded image: 8-bit RGB and optional 8-bit alpha, row by row from the top. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
  /** Undefined when every pixel is opaque. */
  readonly alpha: Uint8Array | undefined;
}

/** Largest width or height accepted (about 70 cm at 300 dpi). */
export const MAX_IMAGE_SIDE = 8192;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function bad(message: string): never {
  throw new PdfError('ERR_PDF_BAD_IMAGE', `seal image: ${message}`);
}

/** Decodes a PNG. Throws ERR_PDF_BAD_IMAGE for anything it cannot read. */
export function decodePng(png: Uint8Array): DecodedImage {
  if (!(png instanceof Uint8Array)) bad('not a byte array');
  const buf = Buffer.from(png.buffer, png.byteOffset, png.length);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) bad('not a PNG');
  let pos = 8;
  let ihdr: Buffer | undefined;
  let palette: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos + 12 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (pos + 12 + len > buf.length) bad('truncated chunk');
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32(buf.subarray(pos + 4, pos + 8 + len)) !== buf.readUInt32BE(pos + 8 + len)) bad(`bad CRC in ${type}`);
    pos += 12 + len;
    if (type === 'IHDR') ihdr = body;
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
  }
  if (ihdr === undefined || ihdr.length !== 13) return bad('missing IHDR');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const depth = ihdr[8]!;
  const colorType = ihdr[9]!;
  if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) bad(`size ${width}x${height} not accepted`);
  if (ihdr[10] !== 0 || ihdr[11] !== 0) bad('unknown compression or filter method');
  if (ihdr[12] !== 0) bad('interlaced images are not supported');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (channels === undefined) return bad(`colour type ${colorType} unknown`);
  const depthOk = colorType === 3 ? [1, 2, 4, 8].includes(depth) : colorType === 0 ? [1, 2, 4, 8, 16].includes(depth) : [8, 16].includes(depth);
  if (!depthOk) bad(`bit depth ${depth} not valid for colour type ${colorType}`);
  if (colorType === 3 && (palette === undefined || palette.length % 3 !== 0)) bad('palette image without a valid PLTE');
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: (rowBytes + 1) * height });
  } catch {
    return bad('image data does not inflate to the declared size');
  }
  if (raw.length !== (rowBytes + 1) * height) bad('image data has the wrong length');
  const pixels = unpredictPng(raw, rowBytes, Math.max(1, bitsPerPixel >> 3));
  return toRgba(pixels, { width, height, depth, colorType, channels, rowBytes, palette, trns });
}

interface Layout {
  width: number; height: number; depth: number; colorType: number; channels: number; rowBytes: number;
  palette: Buffer | undefined; trns: Buffer | undefined;
}

/** 8-bit RGB or RGBA, the form generated seal images take: a tight loop without per-sample calls. */
function fromTrueColour8(px: Uint8Array, l: Layout): DecodedImage {
  const n = l.width * l.height;
  const rgb = new Uint8Array(n * 3);
  const alpha = l.channels === 4 ? new Uint8Array(n) : undefined;
  let opaque = true;
  for (let y = 0, i = 0; y < l.height; y++) {
    let src = y * l.rowBytes;
    for (let x = 0; x < l.width; x++, i++) {
      rgb[i * 3] = px[src]!;
      rgb[i * 3 + 1] = px[src + 1]!;
      rgb[i * 3 + 2] = px[src + 2]!;
      if (alpha !== undefined) {
        const a = px[src + 3]!;
        alpha[i] = a;
        if (a !== 255) opaque = false;
      }
      src += l.channels;
    }
  }
  return { width: l.width, height: l.height, rgb, alpha: opaque ? undefined : alpha };
}

function toRgba(px: Uint8Array, l: Layout): DecodedImage {
  if (l.depth === 8 && (l.colorType === 6 || (l.colorType === 2 && l.trns === undefined))) return fromTrueColour8(px, l);
  const n = l.width * l.height;
  const rgb = new Uint8Array(n * 3);
  const alpha = new Uint8Array(n).fill(255);
  const maxSample = (1 << l.depth) - 1;
  // Sample `c` of pixel `x` in row `y`, scaled to 8 bits (16-bit samples keep their high byte).
  const sample = (y: number, x: number, c: number): number => {
    const row = y * l.rowBytes;
    if (l.depth === 16) return px[row + (x * l.channels + c) * 2]!;
    if (l.depth === 8) return px[row + x * l.channels + c]!;
    const bit = (x * l.channels + c) * l.depth;
    const v = (px[row + (bit >> 3)]! >> (8 - l.depth - (bit & 7))) & maxSample;
    return l.colorType === 3 ? v : Math.round((v * 255) / maxSample);
  };
  const rawGrey = (y: number, x: number): number => {
    const row = y * l.rowBytes;
    if (l.depth === 16) return px[row + x * 2]! * 256 + px[row + x * 2 + 1]!;
    const bit = x * l.depth;
    return l.depth === 8 ? px[row + x]! : (px[row + (bit >> 3)]! >> (8 - l.depth - (bit & 7))) & maxSample;
  };
  for (let y = 0, i = 0; y < l.height; y++) {
    for (let x = 0; x < l.width; x++, i++) {
      let r: number, g: number, b: number, a = 255;
      if (l.colorType === 3) {
        const idx = sample(y, x, 0);
        if (idx * 3 + 2 >= l.palette!.length) bad('palette index out of range');
        [r, g, b] = [l.palette![idx * 3]!, l.palette![idx * 3 + 1]!, l.palette![idx * 3 + 2]!];
        if (l.trns !== undefined && idx < l.trns.length) a = l.trns[idx]!;
      } else if (l.colorType === 0 || l.colorType === 4) {
        r = g = b = sample(y, x, 0);
        if (l.colorType === 4) a = sample(y, x, 1);
        else if (l.trns !== undefined && l.trns.length >= 2 && rawGrey(y, x) === l.trns.readUInt16BE(0)) a = 0;
      } else {
        [r, g, b] = [sample(y, x, 0), sample(y, x, 1), sample(y, x, 2)];
        if (l.colorType === 6) a = sample(y, x, 3);
      }
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
      alpha[i] = a;
    }
  }
  return { width: l.width, height: l.height, rgb, alpha: alpha.every((a) => a === 255) ? undefined : alpha };
}
