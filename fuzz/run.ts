// npm run fuzz: every parser of untrusted input against generated and mutated inputs.
//   node fuzz/run.ts [--runs N] [--seed S] [--jobs J] [--only pdf,ofd]
//   (or FUZZ_RUNS, FUZZ_SEED, FUZZ_JOBS; defaults 100000 inputs per parser, a seed from the
//   clock, 2 parsers at a time, each in its own process).
// Prints one line per parser and a total; exits 1 on any crash, uncaught exception or input
// slower than 1 s, each saved under test-artifacts/fuzz/ to be replayed.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzTarget, summaryLine } from './engine.ts';
import type { Finding, TargetStats } from './engine.ts';
import { makeSeeds } from './seeds.ts';
import { TARGETS } from './targets.ts';

const OUT = 'test-artifacts/fuzz';
const RESULT = '@@fuzz-result ';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.FUZZ_RUNS ?? '100000' },
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31) },
    jobs: { type: 'string', default: process.env.FUZZ_JOBS ?? '2' },
    only: { type: 'string' },
    child: { type: 'string' },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);

interface ChildResult extends Omit<TargetStats, 'slowestInput' | 'findings'> {
  uncaught: number;
  saved: string[];
  messages: string[];
}

function save(f: Finding, name: string, n: number): string {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}-${f.kind}-${seed}-${n}.${typeof f.input === 'string' ? 'txt' : 'bin'}`);
  writeFileSync(file, f.input);
  return file;
}

async function child(name: string): Promise<void> {
  const target = TARGETS.find((t) => t.name === name);
  if (target === undefined) throw new Error(`no fuzz target ${name}`);
  let uncaught = 0;
  const saved: string[] = [];
  const messages: string[] = [];
  // A parser that leaves a failing callback or promise behind is caught here, not by a run.
  process.on('uncaughtException', (e) => { uncaught++; messages.push(`uncaught: ${String(e)}`); });
  process.on('unhandledRejection', (e) => { uncaught++; messages.push(`unhandled rejection: ${String(e)}`); });
  const seeds = await makeSeeds();
  const stats = await fuzzTarget(target, seeds, {
    runs, seed,
    onFinding: (f) => {
      const file = save(f, name, saved.length);
      saved.push(file);
      messages.push(`${f.kind}: ${f.message.slice(0, 300)} → ${file}`);
    },
  });
  // Give anything a parser scheduled a moment to fail where the handlers above count it.
  await new Promise((r) => setTimeout(r, 50));
  const { slowestInput: _i, findings: _f, ...rest } = stats;
  process.stdout.write(`${RESULT}${JSON.stringify({ ...rest, uncaught, saved, messages } satisfies ChildResult)}\n`);
}

function runChild(name: string): Promise<ChildResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [process.argv[1]!, '--child', name, '--runs', String(runs), '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT));
      if (line !== undefined) return resolve(JSON.parse(line.slice(RESULT.length)) as ChildResult);
      resolve({ name, inputs: 0, crashes: 0, slow: 0, slowestMs: 0, elapsedMs: 0, uncaught: 1, saved: [], messages: [`the fuzz process ended (${signal ?? code}) without a result`] });
    });
  });
}

async function main(): Promise<number> {
  const names = values.only?.split(',').map((s) => s.trim()) ?? TARGETS.map((t) => t.name);
  console.log(`fuzz: ${names.length} parsers, ${runs} inputs each, seed ${seed}, ${values.jobs} at a time`);
  const queue = [...names];
  const results: ChildResult[] = [];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const r = await runChild(name);
      results.push(r);
      console.log(`${summaryLine({ ...r, slowestInput: undefined, findings: [] })}  uncaught ${r.uncaught}`);
      for (const m of r.messages) console.log(`  ${m}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs)) }, worker));
  const sum = (k: 'inputs' | 'crashes' | 'slow' | 'uncaught') => results.reduce((n, r) => n + r[k], 0);
  const slowest = results.reduce((a, b) => (b.slowestMs > a.slowestMs ? b : a));
  console.log(`fuzz total: ${results.length} parsers, ${sum('inputs')} inputs, ${sum('crashes')} crashes, ${sum('uncaught')} uncaught, ${sum('slow')} slower than 1 s; slowest ${slowest.slowestMs.toFixed(1)} ms (${slowest.name}); seed ${seed}`);
  return sum('crashes') + sum('uncaught') + sum('slow') === 0 && results.every((r) => r.inputs === runs) ? 0 : 1;
}

if (values.child !== undefined) {
  await child(values.child);
} else {
  process.exitCode = await main();
}
