// Runs the whole test suite with vitest and closes with one plain summary line
// ("tests: N passed, N failed, N skipped") that CI systems read, after the names of any skipped
// tests (a missing tool or backing service skips some; see test/support/tools.ts).
// Vitest is started with this same Node (22) and that Node first on PATH, so that neither the
// runner nor any child process falls back to an older system `node`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const dir = mkdtempSync(join(tmpdir(), 'yinxin-tests-'));
const report = join(dir, 'report.json');
const args = [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
const run = spawnSync(process.execPath, args, { stdio: 'inherit', env });
let code = run.status ?? 1;
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTests: number;
    testResults?: { name: string; assertionResults?: { fullName: string; status: string }[] }[];
  };
  const skipped = r.numPendingTests + r.numTodoTests;
  const skippedNames = (r.testResults ?? []).flatMap((file) => (file.assertionResults ?? [])
    .filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo')
    .map((t) => `  ${relative(process.cwd(), file.name)} > ${t.fullName}`));
  if (skippedNames.length) console.log(`\nskipped tests:\n${skippedNames.join('\n')}`);
  // Tests that never ran (a crashed worker, an error outside tests) count as failed.
  let failed = r.numFailedTests + Math.max(0, r.numTotalTests - r.numPassedTests - r.numFailedTests - skipped);
  if (code !== 0 && failed === 0) failed = 1;
  if (r.numTotalTests === 0) code = 1;
  console.log(`\ntests: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
} catch {
  console.log('\ntests: 0 passed, 1 failed, 0 skipped');
  code = code || 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
