// Budgets of the staff CSV reader: the text's length and a record's length are refused with
// ERR_PAYLOAD_TOO_LARGE before any row is checked; reading stops one row past the row limit.
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../src/services/staff/csv-records.ts';
import { STAFF_IMPORT_MAX_ROWS, readStaffCsv } from '../../../src/services/staff/import-staff.ts';
import { refusal } from '../../support/refusal.ts';

const HEADER = 'staffNumber,name,departmentId,roles\n';

describe('staff CSV budgets', () => {
  it('refuses a text or a record over its length, whatever the rows say', async () => {
    expect(await refusal(readStaffCsv(HEADER + 'S1,张三,d-1,seal_user\n'.repeat(600_000)))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_large' });
    expect(await refusal(readStaffCsv(`${HEADER}S1,"${'长'.repeat(70_000)}",d-1,seal_user\n`))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'line_too_long' });
    expect(await refusal(readStaffCsv(`${'x,'.repeat(20)}x\n`))).toEqual({ code: 'ERR_VALIDATION', issue: 'too_many_columns' });
  });

  it('stops reading one row past the limit and refuses the file', async () => {
    const rows = (n: number) => HEADER + 'S1,张三,d-1,seal_user\n'.repeat(n);
    expect((await readStaffCsv(rows(STAFF_IMPORT_MAX_ROWS))).rows).toHaveLength(STAFF_IMPORT_MAX_ROWS);
    expect(await refusal(readStaffCsv(rows(STAFF_IMPORT_MAX_ROWS + 5)))).toEqual({ code: 'ERR_VALIDATION', issue: 'too_many_rows' });
    expect((await csvRecords('a\nb\nc\nd\n', { bytes: 100, recordLength: 10, records: 2 })).map((r) => r.fields)).toEqual([['a'], ['b']]);
  });
});
