// The lines of an audit export: CSV (RFC 4180) or JSON lines, one record per line.
// Hand-written because the project reads CSV (csv-parse) but has no CSV writer, and these are a
// few lines. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at
// the start) get a leading apostrophe (OWASP's CSV injection advice), so an actor id or object
// chosen by an attacker stays text when an auditor opens the export.
import type { AuditRecord } from '../../domain/audit-record.ts';

const COLUMNS = ['seq', 'time', 'actorId', 'actorKind', 'action', 'object', 'outcome', 'clientIp', 'requestId', 'details', 'prevHash', 'hash'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: defused when it could start a formula, quoted when it holds a quote, comma or line break. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const auditCsvHeader = `${COLUMNS.join(',')}\r\n`;

export const auditCsvLine = (r: AuditRecord): string => `${COLUMNS.map((c) => csvCell(r[c])).join(',')}\r\n`;

/** One JSON line; `details` stays the canonical JSON string that was hashed, so a line can be re-verified. */
export const auditJsonLine = (r: AuditRecord): string => `${JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, r[c]])))}\n`;
