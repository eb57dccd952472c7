// Runs one target over N generated inputs with fast-check and counts what happened: inputs,
// crashes (anything thrown that is not a typed error with a stable code, or a typed error that
// hides a TypeError, RangeError or ReferenceError as its cause), and the slowest input.
// An input's time is the lesser of its wall-clock time and the CPU time the process spent on it,
// so that other work on a shared machine is not counted against it; one over the limit is timed
// again and counts as slow only when that is over the limit too.
import fc from 'fast-check';
import { CryptoError } from '../src/crypto/errors.ts';
import { AppError } from '../src/domain/errors.ts';
import type { Seeds } from './seeds.ts';
import type { Target } from './targets.ts';

export const SLOW_MS = 1000;

export interface Finding {
  readonly kind: 'crash' | 'slow';
  readonly input: Uint8Array | string;
  readonly message: string;
}

export interface TargetStats {
  readonly name: string;
  inputs: number;
  crashes: number;
  slow: number;
  slowestMs: number;
  slowestInput: Uint8Array | string | undefined;
  elapsedMs: number;
  findings: Finding[];
}

const CRASH_TYPES = [TypeError, RangeError, ReferenceError];

/** Why `e` is a crash, or null when it is the parser's own typed error. */
export function crashReason(e: unknown): string | null {
  const typed = (e instanceof CryptoError || e instanceof AppError) && /^ERR_[A-Z0-9_]+$/.test(e.code) && e.code !== 'ERR_INTERNAL';
  if (!typed) return e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`;
  for (let c: unknown = e.cause, depth = 0; c !== undefined && depth < 10; c = (c as { cause?: unknown }).cause, depth++) {
    if (CRASH_TYPES.some((t) => c instanceof t)) return `${e.code} hiding ${(c as Error).name}: ${(c as Error).message}`;
  }
  return null;
}

async function timed(target: Target, input: Uint8Array | string, seeds: Seeds): Promise<{ ms: number; crash: string | null }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let crash: string | null = null;
  try {
    const r = target.run(input, seeds);
    if (r instanceof Promise) await r;
  } catch (e) {
    crash = crashReason(e);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: Math.min(performance.now() - t0, (cpu.user + cpu.system) / 1000), crash };
}

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Called for each crash or slow input as it is found (to save it). */
  readonly onFinding?: (f: Finding, stats: TargetStats) => void;
  /** At most this many findings are kept per target (the count goes on). */
  readonly keepFindings?: number;
}

export async function fuzzTarget(target: Target, seeds: Seeds, opts: FuzzOptions): Promise<TargetStats> {
  const stats: TargetStats = { name: target.name, inputs: 0, crashes: 0, slow: 0, slowestMs: 0, slowestInput: undefined, elapsedMs: 0, findings: [] };
  const keep = opts.keepFindings ?? 20;
  const record = (f: Finding) => {
    if (stats.findings.length < keep) {
      stats.findings.push(f);
      opts.onFinding?.(f, stats);
    }
  };
  const start = performance.now();
  const arb = target.arbitrary(seeds) as fc.Arbitrary<Uint8Array | string>;
  // The property never fails (findings are counted, not thrown), so fast-check never shrinks
  // and every run is a fresh input.
  await fc.check(fc.asyncProperty(arb, async (input) => {
    stats.inputs++;
    const first = await timed(target, input, seeds);
    const crash = first.crash;
    const ms = first.ms > SLOW_MS ? Math.min(first.ms, (await timed(target, input, seeds)).ms) : first.ms;
    if (ms > stats.slowestMs) {
      stats.slowestMs = ms;
      stats.slowestInput = input;
    }
    if (crash !== null) {
      stats.crashes++;
      record({ kind: 'crash', input, message: crash });
    }
    if (ms > SLOW_MS) {
      stats.slow++;
      record({ kind: 'slow', input, message: `${ms.toFixed(0)} ms` });
    }
    return true;
  }), { numRuns: opts.runs, seed: opts.seed });
  stats.elapsedMs = performance.now() - start;
  return stats;
}

/** One summary line of a target's run. */
export function summaryLine(s: TargetStats): string {
  return `fuzz ${s.name.padEnd(21)} inputs ${String(s.inputs).padStart(7)}  crashes ${s.crashes}  slow ${s.slow}  slowest ${s.slowestMs.toFixed(1).padStart(7)} ms  (${(s.elapsedMs / 1000).toFixed(1)} s)`;
}
