// Budgets of the batch-import reader: size, line length, columns and fields, and records; the
// work of reading stops at the budget, and what is past it is refused with a stable code.
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, importRecords } from '../../../src/services/licences/import-formats.ts';
import { IMPORT_MAX_LINES } from '../../../src/services/licences/import-licences.ts';

function refusal(f: () => unknown): { code: string; issue: string } {
  try {
    f();
  } catch (e) {
    const err = e as { code: string; details: { issues: { code: string }[] } };
    return { code: err.code, issue: err.details.issues[0]!.code };
  }
  throw new Error('expected a refusal');
}

const small = { bytes: 10_000, lineLength: 100, fields: 5, records: 3 };

describe('batch import budgets', () => {
  it('a file longer than the budget is refused before it is read', () => {
    expect(refusal(() => importRecords('{}\n'.repeat(4000), 'jsonl', small))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_large' });
    expect(refusal(() => importRecords(' '.repeat(IMPORT_LIMITS.bytes + 1), 'csv'))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_large' });
  });

  it('a line or CSV record longer than the budget is refused', () => {
    expect(refusal(() => importRecords(`{"key":"${'k'.repeat(200)}"}`, 'jsonl', small))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'line_too_long' });
    expect(refusal(() => importRecords(`key,typeCode\nk,"${'x\n'.repeat(100)}"\n`, 'csv', small))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'line_too_long' });
    expect(importRecords(`key,typeCode,photo\nk,T,${'A'.repeat(1_400_000)}\n`, 'csv')).toHaveLength(1);
  });

  it('a header with more columns than a template can have is refused; a record with too many data fields is a record error', () => {
    expect(refusal(() => importRecords('key,typeCode,a,b,c,d\n', 'csv', small))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_many_columns' });
    const data = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, 'v']));
    expect(importRecords(`${JSON.stringify({ key: 'k', data })}\n{"key":"ok"}`, 'jsonl', small)).toEqual([
      { line: 1, unreadable: { path: ['data'], code: 'too_many_fields', message: 'at most 5 fields' } },
      { line: 2, record: { key: 'ok' } },
    ]);
  });

  it('reading stops one record past the limit: too_many_lines, as before, for both formats', () => {
    expect(importRecords('{}\n\n{}\n{}\n', 'jsonl', small)).toHaveLength(3);
    expect(refusal(() => importRecords('{}\n{}\n{}\n{}\n', 'jsonl', small))).toEqual({ code: 'ERR_VALIDATION', issue: 'too_many_lines' });
    expect(refusal(() => importRecords('key,typeCode\n1,T\n2,T\n3,T\n4,T\n', 'csv', small))).toEqual({ code: 'ERR_VALIDATION', issue: 'too_many_lines' });
    expect(refusal(() => importRecords('{}\n'.repeat(IMPORT_MAX_LINES + 1), 'jsonl'))).toEqual({ code: 'ERR_VALIDATION', issue: 'too_many_lines' });
    expect(importRecords('{}\n'.repeat(IMPORT_MAX_LINES), 'jsonl')).toHaveLength(IMPORT_MAX_LINES);
  });
});
