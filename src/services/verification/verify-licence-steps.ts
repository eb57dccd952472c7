// Steps shared by the licence verifications: find the version (fail closed when the register
// cannot be read) and turn the assessment into a verdict.
import { cannotConfirm, checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { Verdict, VerdictCheck, VerdictSubject } from '../../domain/verdict.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { assessLicence } from './licence-assessment.ts';
import type { LicenceReads } from './licence-reads.ts';
import type { OpenedCheck } from './check-snapshots.ts';
import type { VerificationDeps } from './verification-deps.ts';

/** The licence found, or the verdict to give instead (NOT_FOUND, or CANNOT_CONFIRM). */
export async function lookUpLicence(deps: VerificationDeps, find: () => Promise<LicenceRecord | null>): Promise<{ record: LicenceRecord } | { verdict: Verdict }> {
  const checkedAt = deps.clock.now();
  try {
    const record = await find();
    if (record !== null) return { record };
    return { verdict: makeVerdict({ checks: [checkRow('licence-status', 'STATUS_NOT_FOUND')], subject: null, checkedAt, statusAsOf: deps.clock.now() }) };
  } catch (e) {
    deps.onFailure?.('licence lookup failed', e);
    return { verdict: cannotConfirm(checkedAt) };
  }
}

/**
 * The verdict on a licence version: `extra` rows (from a checked file) come first; the stored
 * signature is checked when nothing else was.
 */
export async function verdictFor(
  deps: VerificationDeps, record: LicenceRecord,
  opts: { checkStoredSignature: boolean; extra?: VerdictCheck[]; subject?: Partial<VerdictSubject>; legalBasis?: string | null; reads?: LicenceReads },
): Promise<Verdict> {
  const checkedAt = deps.clock.now();
  try {
    const a = await assessLicence(deps, record, { checkStoredSignature: opts.checkStoredSignature, legalBasis: opts.legalBasis ?? null }, opts.reads);
    return makeVerdict({
      checks: [...(opts.extra ?? []), ...a.checks], subject: { ...a.subject, ...opts.subject }, successor: a.successor, checkedAt, statusAsOf: a.statusAsOf,
    });
  } catch (e) {
    deps.onFailure?.('licence assessment failed', e);
    return cannotConfirm(checkedAt, { kind: 'licence', identifier: record.identifier });
  }
}

/**
 * `verdictFor` through the kept reads of check-snapshots.ts when they are wired (a licence found
 * by identifier or share): one round trip more to read its state by handle, a dozen fewer when
 * nothing changed since the last verification.
 */
export async function verdictThroughSnapshots(
  deps: VerificationDeps, record: LicenceRecord, opts: { checkStoredSignature: boolean; legalBasis?: string | null },
): Promise<Verdict> {
  const snapshots = deps.checkSnapshots;
  if (snapshots === undefined) return verdictFor(deps, record, opts);
  let opened: OpenedCheck | null;
  try {
    opened = await snapshots.open(deps, record.handle);
  } catch (e) {
    deps.onFailure?.('licence lookup failed', e);
    return cannotConfirm(deps.clock.now(), { kind: 'licence', identifier: record.identifier });
  }
  if (opened === null || opened.record.id !== record.id) return verdictFor(deps, record, opts);
  const verdict = await verdictFor(deps, opened.record, { ...opts, reads: opened.reads });
  if (verdict.result !== 'CANNOT_CONFIRM') opened.keep();
  return verdict;
}
