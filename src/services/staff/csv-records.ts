// CSV (RFC 4180, read by csv-parse) as records with the file line each starts on: quoted fields
// may hold commas, line breaks and doubled quotes; CRLF or LF; a UTF-8 byte order mark (as
// spreadsheet programs write) is skipped; blank lines are skipped. Rows may differ in length (the
// import reports that per row). Read a slice at a time, so that a large file does not hold the
// service's thread (csv-rows.ts).
import { csvRows } from '../batch/csv-rows.ts';
import type { CsvRow } from '../batch/csv-rows.ts';
import { takeTurns } from '../batch/take-turns.ts';

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

/** The records of `text`, at most `maxRows + 1` of them (one more says the file has too many). */
export async function csvRecords(text: string, maxRows: number, pause = takeTurns()): Promise<CsvRecord[]> {
  let rows: CsvRow[];
  try {
    rows = await csvRows(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], maxRows }, pause);
  } catch (e) {
    const err = e as { lines?: number; code?: string };
    throw new CsvSyntaxError(err.lines ?? 0, `not readable as CSV (${err.code ?? 'syntax'})`);
  }
  const records: CsvRecord[] = [];
  for (const { record, info } of rows) {
    // csv-parse counts the line a record ends on; a quoted field may hold line breaks.
    records.push({ line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0), fields: record });
    await pause();
  }
  return records;
}
