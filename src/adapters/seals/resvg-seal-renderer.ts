import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { SealImageRenderer } from '../../ports/seal-image-renderer.ts';

const FAMILY = 'Noto Serif SC';

/** Noto Serif SC Regular (SIL Open Font License) from its npm package. */
export function notoSerifScPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json')), '400Regular', 'NotoSerifSC_400Regular.ttf');
}

/**
 * Renders seal SVG with resvg and one embedded font, never the system's fonts: a seal must look
 * the same on every server, and a missing glyph must not silently fall back to another face.
 */
export function resvgSealRenderer(fontFile: string = notoSerifScPath()): SealImageRenderer {
  // Read once so that a missing font fails at start-up, not at the first approval.
  readFileSync(fontFile, { flag: 'r' }).subarray(0, 4);
  return {
    fontFamily: FAMILY,
    async renderPng(svg: string, widthPx: number): Promise<Uint8Array> {
      if (!Number.isInteger(widthPx) || widthPx < 16 || widthPx > 8192) throw new RangeError('widthPx out of range');
      const r = new Resvg(svg, {
        font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FAMILY },
        fitTo: { mode: 'width', value: widthPx },
        background: 'rgba(0,0,0,0)',
      });
      return new Uint8Array(r.render().asPng());
    },
  };
}
