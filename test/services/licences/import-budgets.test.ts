// Budgets of the batch-import reader beyond its per-line ones (import-formats.test.ts): the
// file's size and the columns of a CSV header are refused with ERR_PAYLOAD_TOO_LARGE before any
// record is read; a record whose data has more fields than a template can have is a record error.
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_CHARS, MAX_IMPORT_FIELDS, importRecords } from '../../../src/services/licences/import-formats.ts';
import { IMPORT_MAX_LINES } from '../../../src/services/licences/import-licences.ts';
import { refusal } from '../../support/refusal.ts';

describe('batch import budgets', () => {
  it('a file longer than the budget is refused before it is read; an operator file (no record limit) is not', async () => {
    const big = ' '.repeat(MAX_IMPORT_CHARS + 1);
    expect(await refusal(importRecords(big, 'csv', IMPORT_MAX_LINES))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_large' });
    expect(await refusal(importRecords(big, 'jsonl', IMPORT_MAX_LINES))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_large' });
    expect(await importRecords(big, 'jsonl', Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('a header with more columns than a template can have is refused', async () => {
    const header = ['key', 'typeCode', ...Array.from({ length: MAX_IMPORT_FIELDS - 1 }, (_, i) => `f${i}`)].join(',');
    expect(await refusal(importRecords(`${header}\n`, 'csv', 10))).toEqual({ code: 'ERR_PAYLOAD_TOO_LARGE', issue: 'too_many_columns' });
    expect(await importRecords(`${header.split(',').slice(0, MAX_IMPORT_FIELDS).join(',')}\n`, 'csv', 10)).toEqual([]);
  });

  it('a record with too many data fields is a record error, and the next record is read', async () => {
    const data = Object.fromEntries(Array.from({ length: MAX_IMPORT_FIELDS + 1 }, (_, i) => [`f${i}`, 'v']));
    expect(await importRecords(`${JSON.stringify({ key: 'k', data })}\n{"key":"ok"}`, 'jsonl', 10)).toEqual([
      { line: 1, unreadable: { path: ['data'], code: 'too_many_fields', message: `at most ${MAX_IMPORT_FIELDS} fields` } },
      { line: 2, record: { key: 'ok' } },
    ]);
  });

  it('an image field of 1 MB as base64 fits', async () => {
    expect(await importRecords(`key,typeCode,photo\nk,T,${'A'.repeat(1_400_000)}\n`, 'csv', 10)).toHaveLength(1);
  });
});
