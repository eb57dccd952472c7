// The two file formats of a batch import, read into numbered records of the same shape
// ({key, typeCode, data, validFrom?}), so that each record is then checked and issued alike.
// - JSON lines: one JSON object a line; blank lines skipped; a line that is not JSON becomes a
//   record error of its own.
// - CSV (RFC 4180, UTF-8, optional BOM): a header row naming the columns `key`, `typeCode`,
//   optionally `validFrom`, and the template's field names; every other row is one licence, its
//   empty cells left out of the data. Rows are numbered by their line in the file. A row with a
//   different number of cells than the header is a record error; a file csv-parse cannot read
//   at all (an unclosed quote) or a bad header refuses the whole import.
import { parse } from 'csv-parse/sync';
import type { FieldIssue } from './licence-deps.ts';
import { fieldError } from './licence-deps.ts';

export type ImportFormat = 'jsonl' | 'csv';

/** One numbered record of an import file, or why that line could not be read. */
export type ImportRecord =
  | { readonly line: number; readonly record: unknown }
  | { readonly line: number; readonly unreadable: FieldIssue };

const CSV_FIXED = ['key', 'typeCode', 'validFrom'];

function jsonLines(text: string): ImportRecord[] {
  return text.split(/\r?\n/).flatMap((raw, i): ImportRecord[] => {
    const t = raw.trim();
    if (t === '') return [];
    try {
      return [{ line: i + 1, record: JSON.parse(t) as unknown }];
    } catch {
      return [{ line: i + 1, unreadable: { path: [], code: 'bad_json', message: 'not a JSON object' } }];
    }
  });
}

function csvHeader(row: string[]): string[] {
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

function csvRecords(text: string): ImportRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof rows;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw fieldError([{ path: ['body'], code: 'bad_csv', message: `not readable as CSV${line ? ` (near line ${line})` : ''}` }]);
  }
  const [head, ...body] = rows;
  if (head === undefined) return [];
  const columns = csvHeader(head.record);
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

/** The records of an import file in the given format. */
export function importRecords(text: string, format: ImportFormat): ImportRecord[] {
  return format === 'csv' ? csvRecords(text) : jsonLines(text);
}

/** The format of a file by its name: `.csv` is CSV, anything else JSON lines. */
export function importFormatOfFile(name: string): ImportFormat {
  return /\.csv$/i.test(name) ? 'csv' : 'jsonl';
}
