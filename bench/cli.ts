// Start-up time of operator commands: wall time of `yinxin --help`, `yinxin migrate` with nothing
// to do and `yinxin audit verify` on an empty audit log, each beside `node -e 0` on the same Node
// (the floor for any process), the median of several runs and the ratio. Target: each under 1 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectSql } from '../src/adapters/sql/connect.ts';
import { migrateLatest } from '../src/adapters/sql/migrate.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 1000;
const cli = fileURLToPath(new URL('../src/cli/yinxin.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'yinxin-bench-cli-'));
const env = { ...process.env, DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'), LOG_LEVEL: 'silent' };

// The schema in place and no audit record: migrated here rather than by `yinxin migrate`, which audits.
const knex = connectSql(`sqlite:${join(env.DATA_DIR, 'yinxin.db')}`);
await migrateLatest(knex);
await knex.destroy();

/** Median wall-clock milliseconds of running node with `args`; the run must exit 0. */
function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

let slow = 0;
try {
  for (const [name, args] of [['--help', ['--help']], ['migrate', ['migrate']], ['audit verify', ['audit', 'verify']]] as const) {
    const floor = median(['-e', '0']);
    const ms = median([cli, ...args]);
    if (ms >= TARGET_MS) slow++;
    console.log(`yinxin ${name.padEnd(13)} ${ms.toFixed(0).padStart(5)} ms   node -e 0 ${floor.toFixed(0).padStart(4)} ms   ratio ${(ms / floor).toFixed(1).padStart(5)}  (median of ${RUNS}; target < ${TARGET_MS} ms)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(slow ? 1 : 0);
