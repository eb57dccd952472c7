// The verdict's checks grouped for the page: one group per check, the failing first, never the
// same check both passed and failed in two rows.
import { describe, expect, it } from 'vitest';
import { checkRow } from '../../src/domain/verdict.ts';
import { groupChecks } from '../../src/domain/verdict-groups.ts';

describe('groupChecks', () => {
  it('a file with two seals, one altered: integrity shows once, failed, with both findings counted', () => {
    const rows = [
      checkRow('integrity', 'INTEGRITY_OK'), checkRow('signature', 'SIGNATURE_OK'), checkRow('issuer', 'ISSUER_TRUSTED'),
      checkRow('integrity', 'INTEGRITY_CHANGED_AFTER_SEALING'), checkRow('signature', 'SIGNATURE_OK'), checkRow('issuer', 'ISSUER_TRUSTED'),
      checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE'),
    ];
    const groups = groupChecks(rows);
    expect(groups.map((g) => [g.check, g.outcome])).toEqual([
      ['integrity', 'failed'], ['signature', 'passed'], ['issuer', 'passed'], ['licence-status', 'not-applicable'], ['validity', 'not-applicable'],
    ]);
    expect(groups[0]!.findings.map((f) => [f.row.code, f.count])).toEqual([['INTEGRITY_CHANGED_AFTER_SEALING', 1], ['INTEGRITY_OK', 1]]);
    expect(groups[0]!.total).toBe(2);
    expect(groups[1]!.findings.map((f) => [f.row.code, f.count])).toEqual([['SIGNATURE_OK', 2]]);
    // Each check appears once.
    expect(new Set(groups.map((g) => g.check)).size).toBe(groups.length);
  });

  it('puts failing checks first, then open questions, then passed, then not applicable', () => {
    const groups = groupChecks([
      checkRow('integrity', 'INTEGRITY_OK'), checkRow('share', 'SHARE_NOT_PRESENTED'), checkRow('validity', 'DATES_UNKNOWN'), checkRow('licence-status', 'STATUS_REVOKED'),
    ]);
    expect(groups.map((g) => g.check)).toEqual(['licence-status', 'validity', 'integrity', 'share']);
  });

  it('keeps the original order among checks with the same outcome, and gives nothing for no rows', () => {
    expect(groupChecks([checkRow('signature', 'SIGNATURE_OK'), checkRow('integrity', 'INTEGRITY_OK')]).map((g) => g.check)).toEqual(['signature', 'integrity']);
    expect(groupChecks([])).toEqual([]);
  });
});
