// The verdict's checks as a reader should see them: one group per check, the failing ones first.
//
// A file with several seals gives one integrity, signature and issuer row per seal, so the same
// check can come out passed for one seal and failed for another. Listed as they come, a reader
// would see "integrity: failed" and "integrity: passed" side by side. Grouped, each check shows
// once with its worst outcome, and each distinct finding under it with how many seals it concerns.
import type { CheckName, CheckOutcome, VerdictCheck } from './verdict.ts';

/** One finding under a check: its row and how many rows (seals) gave it. */
export interface CheckFinding {
  readonly row: VerdictCheck;
  readonly count: number;
}

/** One check as shown: its worst outcome and its distinct findings, worst first. */
export interface CheckGroup {
  readonly check: CheckName;
  readonly outcome: CheckOutcome;
  readonly findings: readonly CheckFinding[];
  /** How many rows the check had (more than one: one per seal). */
  readonly total: number;
}

/** Worst first: a failure is what the reader must see; "not applicable" tells them least. */
const RANK: Readonly<Record<CheckOutcome, number>> = { failed: 0, indeterminate: 1, passed: 2, 'not-applicable': 3 };

/** Groups rows per check; groups and findings sorted worst first, ties kept in their first order. */
export function groupChecks(checks: readonly VerdictCheck[]): CheckGroup[] {
  const byCheck = new Map<CheckName, Map<string, { row: VerdictCheck; count: number }>>();
  for (const row of checks) {
    const findings = byCheck.get(row.check) ?? new Map<string, { row: VerdictCheck; count: number }>();
    byCheck.set(row.check, findings);
    // Rows with the same code but different notes (one seal's certificate expired since) stay apart.
    const key = [row.code, ...(row.notes ?? []).map((n) => `${n.code}@${n.since}`)].join(' ');
    const seen = findings.get(key);
    if (seen) seen.count += 1;
    else findings.set(key, { row, count: 1 });
  }
  const groups = [...byCheck].map(([check, found]) => {
    const findings = [...found.values()].sort((a, b) => RANK[a.row.outcome] - RANK[b.row.outcome]);
    return { check, outcome: findings[0]!.row.outcome, findings, total: findings.reduce((n, f) => n + f.count, 0) };
  });
  return groups.sort((a, b) => RANK[a.outcome] - RANK[b.outcome]);
}
