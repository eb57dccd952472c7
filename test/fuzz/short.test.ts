// The fuzz harness in short (npm run fuzz runs it in full): a couple of thousand generated and
// mutated inputs per parser of untrusted input, with a fixed seed, and none may crash (throw
// anything but the parser's typed error) or take longer than a second.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzTarget } from '../../fuzz/engine.ts';
import type { Finding } from '../../fuzz/engine.ts';
import { makeSeeds } from '../../fuzz/seeds.ts';
import type { Seeds } from '../../fuzz/seeds.ts';
import { TARGETS } from '../../fuzz/targets.ts';

const SEED = 20_261_205;
/** Inputs per parser; the slowest parsers (whole OFD and SES verification) get fewer to fit the test timeout. */
const RUNS: Readonly<Record<string, number>> = { 'ofd': 1500, 'ofd-xml': 1500 };

function saved(name: string, findings: readonly Finding[]): string[] {
  const dir = 'test-artifacts/fuzz';
  mkdirSync(dir, { recursive: true });
  return findings.map((f, i) => {
    const file = join(dir, `short-${name}-${f.kind}-${i}.${typeof f.input === 'string' ? 'txt' : 'bin'}`);
    writeFileSync(file, f.input);
    return `${f.kind}: ${f.message} (${file})`;
  });
}

describe('fuzzing every parser of untrusted input (short run)', () => {
  let seeds: Seeds;
  beforeAll(async () => {
    seeds = await makeSeeds();
  }, 60_000);

  for (const target of TARGETS) {
    it(`${target.name}: no crash and no input over a second`, async () => {
      const runs = RUNS[target.name] ?? 2000;
      const stats = await fuzzTarget(target, seeds, { runs, seed: SEED });
      expect(saved(target.name, stats.findings)).toEqual([]);
      expect(stats).toMatchObject({ inputs: runs, crashes: 0, slow: 0 });
    });
  }
});
