// `yinxin staff import FILE.csv [--passwords OUT.csv]`: staff accounts from a CSV file (see
// services/staff/import-staff.ts for the columns), each row through the same use case as the
// admin API; a staff number that exists is left alone, so rerunning a file creates nothing twice.
// A progress bar on stderr; the summary and each bad row (line, field, code) on stdout. With
// --passwords, the new staff get initial passwords, written to OUT.csv (created, mode 0600) and
// nowhere else; without it they get none until an administrator resets one.
// Exit 0 when every row is imported or existed, 1 when some row failed, 64 for bad arguments.
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import type { Container } from '../container.ts';
import { isAppError } from '../domain/errors.ts';
import { importStaff, readStaffCsv } from '../services/staff/import-staff.ts';
import type { StaffImportProgress } from '../services/staff/import-staff.ts';
import type { FieldIssue } from '../services/staff/staff-deps.ts';

export const STAFF_IMPORT_USAGE = `  staff import FILE.csv [--passwords OUT.csv]
                   create staff from CSV (staffNumber,name,departmentId,positions,roles,phone);
                   existing staff numbers are skipped; --passwords issues initial passwords into OUT.csv`;

function bar(p: StaffImportProgress): string {
  const width = 30;
  const filled = p.total === 0 ? width : Math.round((p.processed / p.total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.processed}/${p.total} created ${p.created} existing ${p.existing} failed ${p.failed}`;
}

const issueText = (issues: readonly FieldIssue[]) => issues.map((i) => `${i.path.join('.') || '-'}: ${i.code}`).join('; ');

/** Imports `file` with an open container as `actor`; returns the outcome. */
export async function importStaffFile(c: Container, file: string, opts: { issuePasswords: boolean }, progress: (line: string) => void = () => {}): Promise<StaffImportProgress> {
  const actor = { id: `os:${userInfo().username}`, kind: 'system' as const, clientIp: null, requestId: null };
  const sheet = await readStaffCsv(readFileSync(file, 'utf8'));
  await c.audit.append({ actor: { id: actor.id, kind: actor.kind }, action: 'staff.import.start', object: file, outcome: 'success', details: { via: 'cli' } });
  const out = await importStaff(c.staff, { sheet, issuePasswords: opts.issuePasswords }, actor, (p) => progress(bar(p)));
  await c.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: 'staff.import.finish', object: file, outcome: 'success',
    details: { total: out.total, created: out.created, existing: out.existing, failed: out.failed, via: 'cli' },
  });
  return out;
}

export async function staffImportCommand(args: string[], config: () => Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { passwords: { type: 'string' } } });
  const [file, ...rest] = positionals;
  if (!file || rest.length) {
    console.error(`usage:\n${STAFF_IMPORT_USAGE}`);
    return 64;
  }
  // Fail before importing anything when the passwords file cannot be created.
  if (values.passwords) writeFileSync(values.passwords, 'line,staffNumber,initialPassword\n', { mode: 0o600, flag: 'wx' });
  const c = await createContainer({ ...config(), logLevel: 'warn' }, { background: false });
  try {
    const out = await importStaffFile(c, file, { issuePasswords: values.passwords !== undefined }, (line) => process.stderr.write(line));
    process.stderr.write('\n');
    if (values.passwords) writeFileSync(values.passwords, out.passwords.map((p) => `${p.line},${p.staffNumber},${p.initialPassword}\n`).join(''), { flag: 'a' });
    console.log(`${out.total} rows: ${out.created} created, ${out.existing} already present, ${out.failed} failed`);
    for (const e of out.errors) console.log(`line ${e.line}${e.staffNumber ? ` (${e.staffNumber})` : ''}: ${e.code} ${issueText(e.issues)}`);
    return out.failed === 0 ? 0 : 1;
  } catch (e) {
    // A file that cannot be read as staff CSV at all (syntax, header): nothing was written.
    if (!isAppError(e, 'ERR_VALIDATION')) throw e;
    console.log(`${file}: ${e.code} ${issueText((e.details?.issues as FieldIssue[] | undefined) ?? [])}`);
    return 1;
  } finally {
    await c.close();
  }
}
