// Replays an input the fuzz harness saved: node fuzz/replay.ts TARGET FILE
// Prints what the parser threw (or "ok") and how long it took.
import { readFileSync } from 'node:fs';
import { crashReason } from './engine.ts';
import { makeSeeds } from './seeds.ts';
import { TARGETS } from './targets.ts';

const [name, file] = process.argv.slice(2);
const target = TARGETS.find((t) => t.name === name);
if (target === undefined || file === undefined) {
  console.error(`usage: node fuzz/replay.ts TARGET FILE (targets: ${TARGETS.map((t) => t.name).join(', ')})`);
  process.exit(64);
}
const seeds = await makeSeeds({ licencePdf: false });
const raw = readFileSync(file);
const input = file.endsWith('.txt') ? raw.toString('utf8') : new Uint8Array(raw);
const t0 = performance.now();
try {
  await target.run(input, seeds);
  console.log('ok');
} catch (e) {
  console.log(crashReason(e) === null ? `typed error: ${(e as { code: string }).code}` : 'CRASH');
  console.log(e);
}
console.log(`${(performance.now() - t0).toFixed(1)} ms`);
