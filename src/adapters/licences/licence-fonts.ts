// The fonts licences are printed in: Noto Serif SC (SIL Open Font License), installed as an npm
// package so that every deployment prints the same glyphs.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Regular and bold TrueType font bytes. */
export interface LicenceFonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

let cached: LicenceFonts | undefined;

const fontFiles = () => {
  const dir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/package.json'));
  return { regular: join(dir, '400Regular', 'NotoSerifSC_400Regular.ttf'), bold: join(dir, '700Bold', 'NotoSerifSC_700Bold.ttf') };
};

/** Reads the fonts once per process (about 15 MB each). */
export function loadLicenceFonts(): LicenceFonts {
  if (cached !== undefined) return cached;
  const files = fontFiles();
  cached = { regular: readFileSync(files.regular), bold: readFileSync(files.bold) };
  return cached;
}

/**
 * The same, read off the service's thread: a service reads them this way soon after it starts,
 * since reading 30 MB at once held its thread for up to 0.1 s.
 */
export async function readLicenceFonts(): Promise<LicenceFonts> {
  if (cached !== undefined) return cached;
  const files = fontFiles();
  const [regular, bold] = await Promise.all([readFile(files.regular), readFile(files.bold)]);
  cached ??= { regular, bold };
  return cached;
}
