// Steps shared by the licence verifications: find the version (fail closed when the register
// cannot be read) and turn the assessment into a verdict.
import { cannotConfirm, checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck, VerdictSubject } from '../../domain/verdict.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import type { LicenceReads } from '../../ports/licence-checks.ts';
import { assessLicence } from './licence-assessment.ts';
import type { VerificationDeps } from './verification-deps.ts';

/** The licence found (with its reads, when the lookup gave them), or the verdict to give instead (NOT_FOUND, or CANNOT_CONFIRM). */
export async function lookUpLicence<T extends { record: LicenceRecord }>(
  deps: VerificationDeps, find: () => Promise<T | LicenceRecord | null>,
): Promise<{ record: LicenceRecord; reads?: LicenceReads } | { verdict: Verdict }> {
  const checkedAt = deps.clock.now();
  try {
    const found = await find();
    if (found !== null) return 'record' in found ? found : { record: found };
    return { verdict: makeVerdict({ checks: [checkRow('licence-status', 'STATUS_NOT_FOUND')], subject: null, checkedAt, statusAsOf: deps.clock.now() }) };
  } catch (e) {
    deps.onFailure?.('licence lookup failed', e);
    return { verdict: cannotConfirm(checkedAt) };
  }
}

/**
 * The verdict on a licence version, read through `found.reads` or else the licence checks:
 * `extra` rows (from a checked file) come first; the stored signature is checked when nothing
 * else was.
 */
export async function verdictFor(
  deps: VerificationDeps, found: { record: LicenceRecord; reads?: LicenceReads },
  opts: { checkStoredSignature: boolean; extra?: VerdictCheck[]; subject?: Partial<VerdictSubject>; legalBasis?: string | null },
): Promise<Verdict> {
  const checkedAt = deps.clock.now();
  try {
    const reads = found.reads ?? (await deps.checks.forRecord(found.record)).reads;
    const a = await assessLicence(deps, found.record, reads, { checkStoredSignature: opts.checkStoredSignature, legalBasis: opts.legalBasis ?? null });
    return makeVerdict({
      checks: [...(opts.extra ?? []), ...a.checks], subject: { ...a.subject, ...opts.subject }, successor: a.successor, checkedAt, statusAsOf: a.statusAsOf,
    });
  } catch (e) {
    deps.onFailure?.('licence assessment failed', e);
    return cannotConfirm(checkedAt, { kind: 'licence', identifier: found.record.identifier });
  }
}
