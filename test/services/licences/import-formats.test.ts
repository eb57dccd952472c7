// Reading batch-import files: JSON lines and CSV into numbered records of one shape, with the
// lines people see in their editor, unreadable lines as record errors, and files that cannot be
// read at all refused as a whole.
import { describe, expect, it } from 'vitest';
import { importFormatOfFile, importRecords } from '../../../src/services/licences/import-formats.ts';

describe('batch import formats', () => {
  it('reads JSON lines, skipping blank lines and keeping line numbers, with bad JSON as a record error', () => {
    expect(importRecords('{"key":"a"}\n\n  \nnot json\r\n{"key":"b"}\n', 'jsonl')).toEqual([
      { line: 1, record: { key: 'a' } },
      { line: 4, unreadable: { path: [], code: 'bad_json', message: 'not a JSON object' } },
      { line: 5, record: { key: 'b' } },
    ]);
  });

  it('reads CSV by its header: fixed columns, data fields, empty cells left out, quoted commas and line breaks', () => {
    const csv = '\ufeffkey,typeCode,validFrom,name,scope\r\nk1,T1,,"甲, 乙","一行\n两行"\r\nk2,T1,2026-01-01,丙,\r\n';
    expect(importRecords(csv, 'csv')).toEqual([
      { line: 2, record: { key: 'k1', typeCode: 'T1', data: { name: '甲, 乙', scope: '一行\n两行' } } },
      { line: 4, record: { key: 'k2', typeCode: 'T1', validFrom: '2026-01-01', data: { name: '丙' } } },
    ]);
  });

  it('reports a CSV row with the wrong number of cells by its line, and reads the rest', () => {
    const out = importRecords('key,typeCode,name\nk1,T1\n\nk3,T1,名\n', 'csv');
    expect(out).toEqual([
      { line: 2, unreadable: { path: [], code: 'bad_columns', message: '2 cells where the header has 3' } },
      { line: 4, record: { key: 'k3', typeCode: 'T1', data: { name: '名' } } },
    ]);
  });

  it('refuses a CSV file it cannot read, or a bad header, naming the problem', () => {
    expect(() => importRecords('key,typeCode\n"k1,T1\n', 'csv')).toThrow(expect.objectContaining({
      code: 'ERR_VALIDATION', details: { issues: [expect.objectContaining({ path: ['body'], code: 'bad_csv' })] },
    }));
    let issues: { path: string[]; code: string }[] = [];
    try {
      importRecords('key,key,"x y"\n', 'csv');
    } catch (e) {
      issues = (e as { details: { issues: typeof issues } }).details.issues;
    }
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([['header.1', 'duplicate_column'], ['header.2', 'bad_column'], ['header', 'missing_column']]);
    expect(importRecords('', 'csv')).toEqual([]);
  });

  it('picks the format by file name', () => {
    expect(importFormatOfFile('/tmp/a.CSV')).toBe('csv');
    expect(importFormatOfFile('/tmp/a.jsonl')).toBe('jsonl');
  });
});
