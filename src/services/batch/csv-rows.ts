// The rows of a CSV text read by csv-parse's streaming parser a slice at a time, giving the thread
// back between slices (take-turns.ts): the synchronous parser took 0.1 s for 5,000 staff rows and
// 0.5 s for a 10 MB file in one piece, during which the service answered nothing. Reading stops
// one row past `maxRows`, so that a file of millions of tiny rows costs no more than a full one.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Options } from 'csv-parse';
import { takeTurns } from './take-turns.ts';

/** A row with csv-parse's count of the lines read when it ended. */
export interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** Characters handed to the parser at a time: a few ms of parsing. */
const SLICE = 16 * 1024;

function* slices(text: string): Generator<string> {
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + SLICE, text.length);
    // The parser reads bytes: a slice must not end between the two halves of a surrogate pair.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield text.slice(at, end);
    at = end;
  }
}

/**
 * The rows of `text`, at most `maxRows + 1` of them (one more says the file has too many); rejects
 * with csv-parse's error (its `code`, and `lines` for where) for unreadable CSV.
 */
export async function csvRows(
  text: string,
  options: Omit<Options, 'info' | 'objname' | 'columns'> & { maxRows: number },
  pause = takeTurns(),
): Promise<CsvRow[]> {
  const { maxRows, ...parserOptions } = options;
  const rows: CsvRow[] = [];
  const parser = Readable.from(slices(text)).pipe(parse({ ...parserOptions, info: true }));
  for await (const row of parser) {
    rows.push(row as CsvRow);
    if (rows.length > maxRows) break;
    await pause();
  }
  return rows;
}
