// Reads the QR code on page 1 of a PDF as a scanner would see it: poppler renders the page
// (pdftoppm, 200 dpi, binary PPM) and jsQR decodes the pixels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';

// jsQR is CommonJS: Node hands over `module.exports`, whose `default` is the decoder.
const jsQR = jsQRModule.default;

/** Page 1 of `pdf` rendered at `dpi` as RGBA pixels. */
export function renderRgba(pdf: Uint8Array, dpi = 200): { width: number; height: number; rgba: Uint8ClampedArray } {
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-qr-'));
  try {
    const file = join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', file], { maxBuffer: 128 * 1024 * 1024 });
    // Binary PPM: "P6\n<w> <h>\n255\n" then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
    if (header === null) throw new Error('pdftoppm did not give a binary PPM');
    const width = Number(header[1]);
    const height = Number(header[2]);
    const rgb = ppm.subarray(header[0].length);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, j = 0; i < width * height; i++, j += 3) {
      rgba[i * 4] = rgb[j] as number;
      rgba[i * 4 + 1] = rgb[j + 1] as number;
      rgba[i * 4 + 2] = rgb[j + 2] as number;
      rgba[i * 4 + 3] = 255;
    }
    return { width, height, rgba };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code on page 1, or null when none is found. */
export function decodePdfQr(pdf: Uint8Array, dpi = 200): string | null {
  const page = renderRgba(pdf, dpi);
  return jsQR(page.rgba, page.width, page.height)?.data ?? null;
}
