// Reading batch-import files: JSON lines and CSV into numbered records of one shape, with the
// lines people see in their editor, unreadable lines as record errors, and files that cannot be
// read at all refused as a whole; within budgets of records, line size and JSON structure, and
// without holding the thread while a large file is read.
import { describe, expect, it } from 'vitest';
import { importFormatOfFile, importRecords, MAX_JSON_TOKENS, MAX_RECORD_CHARS } from '../../../src/services/licences/import-formats.ts';

const read = (text: string, format: 'jsonl' | 'csv', max = 100) => importRecords(text, format, max);
const issuesOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { code: string; details: { issues: { path: string[]; code: string }[] } });
  }
  throw new Error('expected a refusal');
};

describe('batch import formats', () => {
  it('reads JSON lines, skipping blank lines and keeping line numbers, with bad JSON as a record error', async () => {
    expect(await read('{"key":"a"}\n\n  \nnot json\r\n{"key":"b"}\n', 'jsonl')).toEqual([
      { line: 1, record: { key: 'a' } },
      { line: 4, unreadable: { path: [], code: 'bad_json', message: 'not a JSON object' } },
      { line: 5, record: { key: 'b' } },
    ]);
  });

  it('reports a JSON line too long or too intricate to read by its line, and reads the rest', async () => {
    const long = `{"key":"${'x'.repeat(MAX_RECORD_CHARS)}"}`;
    const intricate = `[${'{},'.repeat(MAX_JSON_TOKENS / 2)}{}]`;
    const out = await read(`${long}\n${intricate}\n{"key":"c"}\n`, 'jsonl');
    expect(out.map((r) => ('unreadable' in r ? [r.line, r.unreadable.code] : [r.line, r.record]))).toEqual([
      [1, 'line_too_long'], [2, 'too_complex'], [3, { key: 'c' }],
    ]);
    // A long string (a photo in base64) is not structure.
    expect(await read(`{"key":"k","data":{"photo":"${'QUJD'.repeat(300_000)}"}}`, 'jsonl')).toHaveLength(1);
  });

  it('reads a large JSON-lines file a line at a time, other work done meanwhile', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ key: `k${i}`, typeCode: 'T', data: { name: `名${i}`, scope: '一般项目：技术服务；软件开发。'.repeat(20) } }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const out = await read(lines.join('\n'), 'jsonl', 10_000);
    clearInterval(timer);
    expect(out).toHaveLength(10_000);
    expect(out.at(-1)).toMatchObject({ line: 10_000, record: { key: 'k9999' } });
    expect(ticks).toBeGreaterThan(0);
  });

  it('stops reading one record past the most asked for', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `{"key":"k${i}"}`).join('\n');
    expect(await read(lines, 'jsonl', 10)).toHaveLength(11);
    expect(await read(`key,typeCode\n${Array.from({ length: 50 }, (_, i) => `k${i},T`).join('\n')}`, 'csv', 10)).toHaveLength(11);
  });

  it('reads CSV by its header: fixed columns, data fields, empty cells left out, quoted commas and line breaks', async () => {
    const csv = '\ufeffkey,typeCode,validFrom,name,scope\r\nk1,T1,,"甲, 乙","一行\n两行"\r\nk2,T1,2026-01-01,丙,\r\n';
    expect(await read(csv, 'csv')).toEqual([
      { line: 2, record: { key: 'k1', typeCode: 'T1', data: { name: '甲, 乙', scope: '一行\n两行' } } },
      { line: 4, record: { key: 'k2', typeCode: 'T1', validFrom: '2026-01-01', data: { name: '丙' } } },
    ]);
  });

  it('reads a large CSV file a slice at a time, whole: characters outside the BMP across slices, other work done meanwhile', async () => {
    // 𠀀 (U+20000, a name character in CJK extension B) is two UTF-16 units. The first row's run
    // of them starts at unit 23, so that slices of 2^n units end between the two halves of one.
    const run = '𠀀'.repeat(20_000);
    const rows = Array.from({ length: 6_000 }, (_, i) => `k${i},T,${'𠀀'.repeat(i % 7 + 1)}名${i}`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const out = await read(`key,typeCode,name\nk,T,${run}\n${rows.join('\n')}\n`, 'csv', 10_000);
    clearInterval(timer);
    expect(out).toHaveLength(6_001);
    const names = out.map((r) => ('record' in r ? (r.record as { data: { name: string } }).data.name : null));
    expect(names[0] === run).toBe(true);
    expect(names.slice(1).every((n, i) => n === `${'𠀀'.repeat(i % 7 + 1)}名${i}`)).toBe(true);
    expect(out.at(-1)!.line).toBe(6_002);
    expect(ticks).toBeGreaterThan(0);
  });

  it('reports a CSV row with the wrong number of cells by its line, and reads the rest', async () => {
    const out = await read('key,typeCode,name\nk1,T1\n\nk3,T1,名\n', 'csv');
    expect(out).toEqual([
      { line: 2, unreadable: { path: [], code: 'bad_columns', message: '2 cells where the header has 3' } },
      { line: 4, record: { key: 'k3', typeCode: 'T1', data: { name: '名' } } },
    ]);
  });

  it('refuses a CSV file it cannot read, a row too long, or a bad header, naming the problem', async () => {
    expect(await issuesOf(read('key,typeCode\n"k1,T1\n', 'csv'))).toMatchObject({
      code: 'ERR_VALIDATION', details: { issues: [expect.objectContaining({ path: ['body'], code: 'bad_csv' })] },
    });
    expect(await issuesOf(read(`key,typeCode\nk1,"${'x'.repeat(MAX_RECORD_CHARS + 1)}"\n`, 'csv'))).toMatchObject({
      code: 'ERR_VALIDATION', details: { issues: [expect.objectContaining({ path: ['body'], code: 'row_too_long' })] },
    });
    const { details } = await issuesOf(read('key,key,"x y"\n', 'csv'));
    expect(details.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['header.1', 'duplicate_column'], ['header.2', 'bad_column'], ['header', 'missing_column']]);
    expect(await read('', 'csv')).toEqual([]);
  });

  it('picks the format by file name', () => {
    expect(importFormatOfFile('/tmp/a.CSV')).toBe('csv');
    expect(importFormatOfFile('/tmp/a.jsonl')).toBe('jsonl');
  });
});
