// CSV (RFC 4180, read by csv-parse) as records with the file line each starts on: quoted fields
// may hold commas, line breaks and doubled quotes; CRLF or LF; a UTF-8 byte order mark (as
// spreadsheet programs write) is skipped; blank lines are skipped. Rows may differ in length (the
// import reports that per row).
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export function csvRecords(text: string): CsvRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { lines?: number; code?: string };
    throw new CsvSyntaxError(err.lines ?? 0, `not readable as CSV (${err.code ?? 'syntax'})`);
  }
  // csv-parse counts the line a record ends on; a quoted field may hold line breaks.
  return rows.map(({ record, info }) => ({ line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0), fields: record }));
}
