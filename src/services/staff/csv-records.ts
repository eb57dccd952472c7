// CSV (RFC 4180, read by csv-parse) as records with the file line each starts on: quoted fields
// may hold commas, line breaks and doubled quotes; CRLF or LF; a UTF-8 byte order mark (as
// spreadsheet programs write) is skipped; blank lines are skipped. Rows may differ in length (the
// import reports that per row). Read a slice at a time, so that a large file does not hold the
// service's thread (csv-rows.ts).
// Budgets bound the work before anything is checked: the text's length and a record's length
// (ERR_PAYLOAD_TOO_LARGE), and the record count (reading stops at it, for the caller to refuse).
import { AppError } from '../../domain/errors.ts';
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

export interface CsvLimits {
  /** Characters of the whole text. */
  readonly bytes: number;
  /** Characters of one record. */
  readonly recordLength: number;
  /** Records read at most (the header counts). */
  readonly records: number;
}

function tooLarge(code: string, message: string): AppError {
  return new AppError('ERR_PAYLOAD_TOO_LARGE', message, { details: { issues: [{ path: ['body'], code, message }] } });
}

/** The records of `text`, at most `limits.records` of them. */
export async function csvRecords(text: string, limits: CsvLimits, pause = takeTurns()): Promise<CsvRecord[]> {
  if (text.length > limits.bytes) throw tooLarge('too_large', `longer than ${limits.bytes} characters`);
  let rows: CsvRow[];
  try {
    rows = await csvRows(text, {
      bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: limits.recordLength, maxRows: limits.records - 1,
    }, pause);
  } catch (e) {
    const err = e as { lines?: number; code?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE') throw tooLarge('line_too_long', `a record near line ${err.lines ?? 0} is longer than ${limits.recordLength} characters`);
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
