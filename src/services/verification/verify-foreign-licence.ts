// A licence PDF this register does not hold, checked against the imported trust lists of other
// platforms (import-trust-list.ts).
// Steps: the list whose status data names the licence (none: null, the caller's NOT_FOUND stands)
// → verify the PDF as offline, against that list only (seals, chain to that list's root, CRLs,
// status and dates from the list, stale list → CANNOT_CONFIRM) → the issuer row says whose it is:
// a trusted platform's (passed), or a known platform's that is not trusted here
// (UNTRUSTED_ISSUER, distinct from an unknown issuer) → the publisher named as the issuer.
import type { Verdict } from '../../domain/verdict.ts';
import { checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { ImportedTrustLists } from '../../ports/imported-trust-lists.ts';
import { verifyLicencePdfOffline } from './verify-offline.ts';

export async function verifyForeignLicencePdf(lists: ImportedTrustLists, identifier: string, pdf: Uint8Array, now: Date): Promise<Verdict | null> {
  const entry = (await lists.all()).find((l) => Object.hasOwn(l.signed.list.licences, identifier));
  if (entry === undefined) return null;
  const { verdict } = await verifyLicencePdfOffline(entry.signed, pdf, now);
  const checks = verdict.checks.map((c) => (c.code === 'ISSUER_TRUSTED' ? checkRow('issuer', entry.trusted ? 'ISSUER_OTHER_PLATFORM' : 'ISSUER_KNOWN_UNTRUSTED') : c));
  return makeVerdict({
    checks,
    subject: verdict.subject === null ? null : { ...verdict.subject, issuer: { code: entry.publisherUrl, name: entry.organisation } },
    checkedAt: now,
    statusAsOf: verdict.statusAsOf === null ? null : new Date(verdict.statusAsOf),
  });
}
