// CSV (RFC 4180, read by csv-parse) as records with the file line each starts on: quoted fields
// may hold commas, line breaks and doubled quotes; CRLF or LF; a UTF-8 byte order mark (as
// spreadsheet programs write) is skipped; blank lines are skipped. Rows may differ in length (the
// import reports that per row).
// Budgets bound the work before anything is checked: the text's length and a record's length
// (ERR_PAYLOAD_TOO_LARGE), and the record count (reading stops one record past it, for the caller
// to refuse).
import { parse } from 'csv-parse/sync';
import { AppError } from '../../domain/errors.ts';

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

export function csvRecords(text: string, limits: CsvLimits): CsvRecord[] {
  if (text.length > limits.bytes) throw tooLarge('too_large', `longer than ${limits.bytes} characters`);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'],
      to: limits.records, max_record_size: limits.recordLength,
    }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { lines?: number; code?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE') throw tooLarge('line_too_long', `a record near line ${err.lines ?? 0} is longer than ${limits.recordLength} characters`);
    throw new CsvSyntaxError(err.lines ?? 0, `not readable as CSV (${err.code ?? 'syntax'})`);
  }
  // csv-parse counts the line a record ends on; a quoted field may hold line breaks.
  return rows.map(({ record, info }) => ({ line: info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0), fields: record }));
}
