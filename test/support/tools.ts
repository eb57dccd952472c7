// Programs outside Node that some tests drive: poppler's pdftotext, pdftoppm and pdfsig, Debian's
// Chromium, the OpenSSL CLI. On a machine without one, the tests that need it are skipped and say
// so in one line naming the program, its Debian package and what was skipped; under CI=true a
// missing program fails the test file instead, so that CI never passes on checks it did not run.
// YINXIN_TEST_MISSING_TOOLS=pdftoppm,chromium makes programs count as missing, to see what a
// machine without them runs.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Tool = 'pdftotext' | 'pdftoppm' | 'pdfsig' | 'chromium' | 'openssl';

const PACKAGE: Record<Tool, string> = {
  pdftotext: 'poppler-utils', pdftoppm: 'poppler-utils', pdfsig: 'poppler-utils', chromium: 'chromium', openssl: 'openssl',
};

function pretendMissing(): Set<string> {
  return new Set((process.env.YINXIN_TEST_MISSING_TOOLS ?? '').split(',').map((t) => t.trim()).filter(Boolean));
}

/** Where `tool` is on PATH, or null when it is not there (or is made to count as missing). */
export function toolPath(tool: Tool): string | null {
  if (pretendMissing().has(tool)) return null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, tool);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * For `describe.skipIf` / `it.skipIf`: true when one of `tools` is missing, after printing one
 * line naming it and `what` is skipped. Under CI=true it throws instead: the file fails.
 */
export function skipWithout(what: string, ...tools: Tool[]): boolean {
  const missing = tools.filter((tool) => toolPath(tool) === null);
  if (missing.length === 0) return false;
  const names = missing.map((tool) => `${tool} (Debian package ${PACKAGE[tool]})`).join(', ');
  if (process.env.CI === 'true') throw new Error(`${names} not found on PATH; under CI=true it is required for: ${what}`);
  console.warn(`skipped, ${names} not found on PATH: ${what}`);
  return true;
}
