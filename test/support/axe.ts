// axe-core's accessibility rules run in a page driven by playwright-core. The script is put in
// with page.evaluate, which the page's Content-Security-Policy does not govern.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResults { violations: { id: string; impact?: string | null; nodes: unknown[]; help: string }[] }

/** The page's axe violations, one line per rule (an empty list: none found). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: number; help: string }[]> {
  await page.evaluate(AXE);
  const results = await page.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length, help: v.help }));
}
