// Debian's Chromium driven by playwright-core (no browser download). CI installs the package;
// elsewhere the browser tests are skipped when it is missing (`skipWithout(…, 'chromium')`,
// tools.ts), except under CI=true.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { toolPath } from './tools.ts';

export const CHROMIUM = toolPath('chromium') ?? '/usr/bin/chromium';

/** Where screenshots go: `test-artifacts/` at the repository root (ignored by git). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
