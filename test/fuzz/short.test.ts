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
const RUNS = 2000;
/**
 * Inputs per test: the slower parsers (whole PDF, OFD and SES verification, XML, trust lists) are
 * split over several tests of their own seeds, each well inside the per-test timeout on a busy machine.
 */
const CHUNK: Readonly<Record<string, number>> = { 'pdf': 500, 'ofd': 250, 'ofd-xml': 500, 'ses-signature': 250, 'trust-list': 500 };

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
    const chunk = CHUNK[target.name] ?? RUNS;
    for (let part = 0; part < RUNS / chunk; part++) {
      it(`${target.name} (${part * chunk + 1}–${(part + 1) * chunk} of ${RUNS}): no crash and no input over a second`, async () => {
        const stats = await fuzzTarget(target, seeds, { runs: chunk, seed: SEED + part });
        expect(saved(`${target.name}-${part}`, stats.findings)).toEqual([]);
        expect(stats).toMatchObject({ inputs: chunk, crashes: 0, slow: 0 });
      });
    }
  }
});
