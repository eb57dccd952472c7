// The two file formats of a batch import, read into numbered records of the same shape
// ({key, typeCode, data, validFrom?}), so that each record is then checked and issued alike.
// - JSON lines: one JSON object a line; blank lines skipped; a line that is not JSON becomes a
//   record error of its own.
// - CSV (RFC 4180, UTF-8, optional BOM): a header row naming the columns `key`, `typeCode`,
//   optionally `validFrom`, and the template's field names; every other row is one licence, its
//   empty cells left out of the data. Rows are numbered by their line in the file. A row with a
//   different number of cells than the header is a record error; a file csv-parse cannot read
//   at all (an unclosed quote) or a bad header refuses the whole import.
// Budgets, so that reading a file costs work in proportion to what may be imported: its size, the
// length of a line (a CSV record), the columns of a header or fields of a record's data, and the
// number of records (reading stops at the first one past the limit). Past size, line length or
// column count the file is refused with ERR_PAYLOAD_TOO_LARGE; past the record count with
// ERR_VALIDATION `too_many_lines`.
import { parse } from 'csv-parse/sync';
import { IMPORT_MAX_LINES } from './import-licences.ts';
import type { FieldIssue } from './licence-deps.ts';
import { fieldError, invalidField } from './licence-deps.ts';

export type ImportFormat = 'jsonl' | 'csv';

/** One numbered record of an import file, or why that line could not be read. */
export type ImportRecord =
  | { readonly line: number; readonly record: unknown }
  | { readonly line: number; readonly unreadable: FieldIssue };

const CSV_FIXED = ['key', 'typeCode', 'validFrom'];

export interface ImportLimits {
  /** Characters in the whole file. */
  readonly bytes: number;
  /** Characters in one line (JSON lines) or one record (CSV). */
  readonly lineLength: number;
  /** Columns of a CSV header; fields of one record's data. */
  readonly fields: number;
  readonly records: number;
}

/** A template has at most 60 fields; an image field at most 1 MB (1.4 MB as base64). */
export const IMPORT_LIMITS: ImportLimits = { bytes: 32 << 20, lineLength: 2 << 20, fields: 100, records: IMPORT_MAX_LINES };

const tooLarge = (code: string, message: string) => invalidField('body', code, message, 'ERR_PAYLOAD_TOO_LARGE');
const tooManyRecords = (limits: ImportLimits) => invalidField('body', 'too_many_lines', `1 to ${limits.records} records are required`);

function jsonLines(text: string, limits: ImportLimits): ImportRecord[] {
  const out: ImportRecord[] = [];
  let line = 0;
  for (let start = 0; start < text.length; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > limits.lineLength) throw tooLarge('line_too_long', `line ${line + 1} is longer than ${limits.lineLength} characters`);
    const t = text.slice(start, end).trim();
    start = end + 1;
    if (t === '') continue;
    if (out.length === limits.records) throw tooManyRecords(limits);
    out.push(jsonRecord(t, line + 1, limits));
  }
  return out;
}

function jsonRecord(t: string, line: number, limits: ImportLimits): ImportRecord {
  let record: unknown;
  try {
    record = JSON.parse(t) as unknown;
  } catch {
    return { line, unreadable: { path: [], code: 'bad_json', message: 'not a JSON object' } };
  }
  const data = (record as { data?: unknown } | null)?.data;
  if (typeof data === 'object' && data !== null && Object.keys(data).length > limits.fields) {
    return { line, unreadable: { path: ['data'], code: 'too_many_fields', message: `at most ${limits.fields} fields` } };
  }
  return { line, record };
}

function csvHeader(row: string[], limits: ImportLimits): string[] {
  if (row.length > limits.fields) throw tooLarge('too_many_columns', `at most ${limits.fields} columns`);
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  row.forEach((name, i) => {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name)) issues.push({ path: ['header', String(i)], code: 'bad_column', message: 'a column name is a field name: a letter, then letters, digits or _' });
    else if (seen.has(name)) issues.push({ path: ['header', String(i)], code: 'duplicate_column', message: `${name} appears twice` });
    seen.add(name);
  });
  for (const required of ['key', 'typeCode']) {
    if (!seen.has(required)) issues.push({ path: ['header'], code: 'missing_column', message: `the header must name a ${required} column` });
  }
  if (issues.length > 0) throw fieldError(issues);
  return row;
}

function csvRecords(text: string, limits: ImportLimits): ImportRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true,
      // The header and one record past the limit are enough to know the file is too long.
      ...(Number.isFinite(limits.records) ? { to: limits.records + 2 } : {}), max_record_size: limits.lineLength,
    }) as unknown as typeof rows;
  } catch (e) {
    const { lines: line, code } = e as { lines?: number; code?: string };
    if (code === 'CSV_MAX_RECORD_SIZE') throw tooLarge('line_too_long', `a record near line ${line} is longer than ${limits.lineLength} characters`);
    throw fieldError([{ path: ['body'], code: 'bad_csv', message: `not readable as CSV${line ? ` (near line ${line})` : ''}` }]);
  }
  const [head, ...body] = rows;
  if (head === undefined) return [];
  if (body.length > limits.records) throw tooManyRecords(limits);
  const columns = csvHeader(head.record, limits);
  return body.map(({ record: cells, info }): ImportRecord => {
    // csv-parse counts the line a record ends on; a quoted cell may hold line breaks.
    const line = info.lines - cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    if (cells.length !== columns.length) {
      return { line, unreadable: { path: [], code: 'bad_columns', message: `${cells.length} cells where the header has ${columns.length}` } };
    }
    const record: Record<string, unknown> = {};
    const data: Record<string, string> = {};
    columns.forEach((name, i) => {
      const value = cells[i] as string;
      if (value === '') return;
      if (CSV_FIXED.includes(name)) record[name] = value;
      else data[name] = value;
    });
    return { line, record: { ...record, data } };
  });
}

/** The records of an import file in the given format, within `limits`. */
export function importRecords(text: string, format: ImportFormat, limits: ImportLimits = IMPORT_LIMITS): ImportRecord[] {
  if (text.length > limits.bytes) throw tooLarge('too_large', `the file is longer than ${limits.bytes} characters`);
  return format === 'csv' ? csvRecords(text, limits) : jsonLines(text, limits);
}

/** The format of a file by its name: `.csv` is CSV, anything else JSON lines. */
export function importFormatOfFile(name: string): ImportFormat {
  return /\.csv$/i.test(name) ? 'csv' : 'jsonl';
}
