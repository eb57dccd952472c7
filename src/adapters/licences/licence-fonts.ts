// The fonts licences are printed in: Noto Serif SC (SIL Open Font License), installed as an npm
// package so that every deployment prints the same glyphs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Regular and bold TrueType font bytes. */
export interface LicenceFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

let cached: LicenceFonts | undefined;

/** Reads the fonts once per process (about 15 MB each). */
export function loadLicenceFonts(): LicenceFonts {
  if (cached !== undefined) return cached;
  const dir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  cached = {
    regular: readFileSync(join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf')),
    bold: readFileSync(join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf')),
  };
  return cached;
}
