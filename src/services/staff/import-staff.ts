// Import staff from CSV (批量导入): a header row naming the columns (staffNumber, name,
// departmentId, positions, roles, phone — or 工号, 姓名, 部门, 职务, 角色, 手机), then one staff
// member per row; positions and roles separated by `;` or `|`.
// Steps: read the records (a CSV syntax error stops before anything is written) → check the
// header → per row: check every field (all issues of a row reported together, each with its
// column and code) → a staff number that already exists is left as it is, so that rerunning a
// file creates nothing twice → create the rest through the same use case as the API (with an
// initial password when asked for) → report progress → give the thread back once a turn has run
// its 10 ms (take-turns.ts), so that a file of thousands of rows never holds the service. A bad
// row never stops the others.
import { isAppError } from '../../domain/errors.ts';
import type { StaffRole } from '../../domain/account.ts';
import { takeTurns } from '../batch/take-turns.ts';
import { createStaff } from './create-staff.ts';
import { CsvSyntaxError, csvRecords } from './csv-records.ts';
import type { CsvRecord } from './csv-records.ts';
import { invalid } from './staff-deps.ts';
import type { FieldIssue, StaffActor, StaffDeps } from './staff-deps.ts';
import { staffIssues } from './staff-fields.ts';

export const STAFF_IMPORT_MAX_ROWS = 20_000;
/** A staff row is a few hundred characters; the header and one row past the limit are enough to refuse. */
const CSV_LIMITS = { bytes: 10 << 20, recordLength: 64 << 10, records: STAFF_IMPORT_MAX_ROWS + 2 };

const COLUMNS = ['staffNumber', 'name', 'departmentId', 'positions', 'roles', 'phone'] as const;
type Column = (typeof COLUMNS)[number];
const ALIASES: Record<string, Column> = { 工号: 'staffNumber', 姓名: 'name', 部门: 'departmentId', 职务: 'positions', 角色: 'roles', 手机: 'phone' };
const REQUIRED: Column[] = ['staffNumber', 'name', 'departmentId', 'roles'];

export interface StaffRowError {
  /** The file line the row starts on (the header is line 1). */
  line: number;
  staffNumber: string | null;
  code: string;
  issues: FieldIssue[];
}

export interface StaffImportProgress {
  total: number;
  processed: number;
  created: number;
  existing: number;
  failed: number;
  errors: StaffRowError[];
  /** Initial passwords of the staff created, when asked for: shown once, never stored in clear. */
  passwords: { line: number; staffNumber: string; initialPassword: string }[];
}

const list = (v: string) => v.split(/[;|]/).map((x) => x.trim()).filter(Boolean);

/** The column each header cell names; ERR_VALIDATION naming unknown, repeated or missing columns. */
function readHeader(cells: string[]): (Column | null)[] {
  if (cells.length > 2 * COLUMNS.length) throw invalid({ path: ['header'], code: 'too_many_columns', message: `at most ${COLUMNS.length} columns` });
  const issues: FieldIssue[] = [];
  const cols = cells.map((raw, i) => {
    const h = raw.trim();
    const col = (COLUMNS as readonly string[]).includes(h) ? (h as Column) : ALIASES[h] ?? null;
    if (!col) issues.push({ path: ['header', i], code: 'unknown_column', message: 'not a staff column' });
    return col;
  });
  for (const c of REQUIRED) if (!cols.includes(c)) issues.push({ path: ['header', c], code: 'missing_column', message: 'required column' });
  cols.forEach((c, i) => {
    if (c && cols.indexOf(c) !== i) issues.push({ path: ['header', c], code: 'repeated_column', message: 'named twice' });
  });
  if (issues.length) throw invalid(...issues);
  return cols;
}

/** A staff CSV file read and its header checked: the rows still to import. */
export interface StaffSheet {
  header: CsvRecord;
  rows: CsvRecord[];
  cols: (Column | null)[];
}

/**
 * Reads staff CSV (syntax, header, size) without importing anything; ERR_VALIDATION (with the
 * line of a syntax error, or the header's issues) for a file that is not staff CSV.
 */
export async function readStaffCsv(csv: string, pause?: () => Promise<void>): Promise<StaffSheet> {
  let records;
  try {
    records = await csvRecords(csv, CSV_LIMITS, pause);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw invalid({ path: ['line', e.line], code: 'csv_syntax', message: e.message });
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) throw invalid({ path: ['header'], code: 'missing_header', message: 'the file is empty' });
  if (rows.length > STAFF_IMPORT_MAX_ROWS) throw invalid({ path: [], code: 'too_many_rows', message: `at most ${STAFF_IMPORT_MAX_ROWS} rows` });
  return { header, rows, cols: readHeader(header.fields) };
}

export async function importStaff(
  deps: StaffDeps,
  input: { sheet: StaffSheet; issuePasswords: boolean },
  actor: StaffActor,
  onProgress: (p: StaffImportProgress, done: boolean) => Promise<void> | void = () => {},
): Promise<StaffImportProgress> {
  const { header, rows, cols } = input.sheet;
  const pause = takeTurns();
  const p: StaffImportProgress = { total: rows.length, processed: 0, created: 0, existing: 0, failed: 0, errors: [], passwords: [] };
  const refs = { departments: await deps.accounts.departments(), positions: await deps.directory.positions() };
  for (const row of rows) {
    const v: Partial<Record<Column, string>> = {};
    cols.forEach((c, i) => { if (c) v[c] = (row.fields[i] ?? '').trim(); });
    const fields = {
      staffNumber: v.staffNumber ?? '', name: v.name ?? '', departmentId: v.departmentId ?? '',
      positions: list(v.positions ?? ''), roles: list(v.roles ?? ''), phone: v.phone ? v.phone : null,
    };
    const issues = row.fields.length !== header.fields.length
      ? [{ path: ['row'], code: 'column_count', message: `${row.fields.length} fields, the header has ${header.fields.length}` }]
      : staffIssues(fields, refs);
    if (!issues.length && !fields.roles.length) issues.push({ path: ['roles'], code: 'required', message: 'at least one role' });
    const staffNumber = fields.staffNumber || null;
    if (issues.length) {
      p.failed++;
      p.errors.push({ line: row.line, staffNumber, code: 'ERR_VALIDATION', issues });
    } else if (await deps.accounts.findByLogin(`staff:${fields.staffNumber}`)) {
      p.existing++;
    } else {
      try {
        const out = await createStaff(deps, { ...fields, roles: fields.roles as StaffRole[] }, actor, { issuePassword: input.issuePasswords });
        p.created++;
        if (out.initialPassword) p.passwords.push({ line: row.line, staffNumber: fields.staffNumber, initialPassword: out.initialPassword });
      } catch (e) {
        // Only a refusal of this row is reported with it; anything else (an outage) stops the run.
        if (!isAppError(e) || (e.code !== 'ERR_VALIDATION' && e.code !== 'ERR_CONFLICT')) throw e;
        p.failed++;
        p.errors.push({ line: row.line, staffNumber, code: e.code, issues: (e.details?.issues as FieldIssue[] | undefined) ?? [] });
      }
    }
    p.processed++;
    await onProgress(p, p.processed === p.total);
    await pause();
  }
  if (p.total === 0) await onProgress(p, true);
  return p;
}
