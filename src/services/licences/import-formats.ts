// The two file formats of a batch import, read into numbered records of the same shape
// ({key, typeCode, data, validFrom?}), so that each record is then checked and issued alike.
// - JSON lines: one JSON object a line; blank lines skipped; a line that is not JSON becomes a
//   record error of its own.
// - CSV (RFC 4180, UTF-8, optional BOM): a header row naming the columns `key`, `typeCode`,
//   optionally `validFrom`, and the template's field names; every other row is one licence, its
//   empty cells left out of the data. Rows are numbered by their line in the file. A row with a
//   different number of cells than the header is a record error; a file csv-parse cannot read
//   at all (an unclosed quote) or a bad header refuses the whole import.
// Both are read a line or a slice at a time, giving the service's thread back every few ms
// (take-turns.ts), and within budgets: reading stops one record past `maxRecords`; a JSON line is
// at most 2 MiB (an image field of 1 MB in base64 and the rest) and 20,000 brackets, commas and
// colons (JSON.parse of 4 MB of `{},{},…` took 2 s here), a CSV row at most 2 MiB. The whole text
// is at most 32 MiB and a header at most 100 columns (a template has at most 60 fields), both
// refused with ERR_PAYLOAD_TOO_LARGE before any record is read; a record whose data has more
// fields than that is a record error of its own.
import type { FieldIssue } from './licence-deps.ts';
import { fieldError, invalidField } from './licence-deps.ts';
import { csvRows } from '../batch/csv-rows.ts';
import type { CsvRow } from '../batch/csv-rows.ts';
import { takeTurns } from '../batch/take-turns.ts';

export type ImportFormat = 'jsonl' | 'csv';

/** One numbered record of an import file, or why that line could not be read. */
export type ImportRecord =
  | { readonly line: number; readonly record: unknown }
  | { readonly line: number; readonly unreadable: FieldIssue };

const CSV_FIXED = ['key', 'typeCode', 'validFrom'];
export const MAX_RECORD_CHARS = 2 * 1024 * 1024;
export const MAX_JSON_TOKENS = 20_000;
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024;
export const MAX_IMPORT_FIELDS = 100;

const tooLarge = (code: string, message: string) => invalidField('body', code, message, 'ERR_PAYLOAD_TOO_LARGE');

/** Whether `t` has more than MAX_JSON_TOKENS of `{`, `[`, `,` and `:` (strings' included: an upper bound). */
function tooComplex(t: string): boolean {
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b || c === 0x2c || c === 0x3a) && ++n > MAX_JSON_TOKENS) return true;
  }
  return false;
}

function jsonLine(line: number, t: string): ImportRecord {
  if (t.length > MAX_RECORD_CHARS) return { line, unreadable: { path: [], code: 'line_too_long', message: `a line is at most ${MAX_RECORD_CHARS} characters` } };
  if (tooComplex(t)) return { line, unreadable: { path: [], code: 'too_complex', message: `a line has at most ${MAX_JSON_TOKENS} brackets, commas and colons` } };
  let record: unknown;
  try {
    record = JSON.parse(t) as unknown;
  } catch {
    return { line, unreadable: { path: [], code: 'bad_json', message: 'not a JSON object' } };
  }
  const data = (record as { data?: unknown } | null)?.data;
  if (typeof data === 'object' && data !== null && Object.keys(data).length > MAX_IMPORT_FIELDS) {
    return { line, unreadable: { path: ['data'], code: 'too_many_fields', message: `at most ${MAX_IMPORT_FIELDS} fields` } };
  }
  return { line, record };
}

async function jsonLines(text: string, maxRecords: number, pause: () => Promise<void>): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  for (let at = 0, line = 1; at < text.length && out.length <= maxRecords; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const t = text.slice(at, end).trim();
    if (t !== '') out.push(jsonLine(line, t));
    at = end + 1;
    await pause();
  }
  return out;
}

function csvHeader(row: string[]): string[] {
  if (row.length > MAX_IMPORT_FIELDS) throw tooLarge('too_many_columns', `at most ${MAX_IMPORT_FIELDS} columns`);
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

async function csvRecords(text: string, maxRecords: number, pause: () => Promise<void>): Promise<ImportRecord[]> {
  let rows: CsvRow[];
  try {
    rows = await csvRows(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: MAX_RECORD_CHARS, maxRows: maxRecords + 1 }, pause);
  } catch (e) {
    const { lines: line, code } = e as { lines?: number; code?: string };
    if (code === 'CSV_MAX_RECORD_SIZE') throw fieldError([{ path: ['body'], code: 'row_too_long', message: `a row is at most ${MAX_RECORD_CHARS} characters${line ? ` (near line ${line})` : ''}` }]);
    throw fieldError([{ path: ['body'], code: 'bad_csv', message: `not readable as CSV${line ? ` (near line ${line})` : ''}` }]);
  }
  const [head, ...body] = rows;
  if (head === undefined) return [];
  const columns = csvHeader(head.record);
  const out: ImportRecord[] = [];
  for (const row of body) {
    out.push(csvRecord(columns, row));
    await pause();
  }
  return out;
}

function csvRecord(columns: string[], { record: cells, info }: CsvRow): ImportRecord {
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
}

/** The records of an import file in the given format: at most `maxRecords + 1` (one more says there are too many). */
export async function importRecords(text: string, format: ImportFormat, maxRecords: number, pause = takeTurns()): Promise<ImportRecord[]> {
  // An operator's own file (the CLI, with no record limit) has no size limit either.
  if (Number.isFinite(maxRecords) && text.length > MAX_IMPORT_CHARS) throw tooLarge('too_large', `the file is longer than ${MAX_IMPORT_CHARS} characters`);
  return format === 'csv' ? csvRecords(text, maxRecords, pause) : jsonLines(text, maxRecords, pause);
}

/** The format of a file by its name: `.csv` is CSV, anything else JSON lines. */
export function importFormatOfFile(name: string): ImportFormat {
  return /\.csv$/i.test(name) ? 'csv' : 'jsonl';
}
