// `yinxin licences import FILE --staff NUMBER`: batch issuance from a JSON-lines file (one
// {key, typeCode, data, validFrom?} per line) or a `.csv` file (a header row naming key, typeCode,
// validFrom and the template's fields; see import-formats.ts), issued under the department of the licence issuer with
// that staff number, who is checked exactly as for the API (role, department with a credit code; refusals
// audited). Each line goes through the same issuance use case; its key makes a rerun of the same
// file issue nothing twice. A progress bar on stderr; the summary and each bad line (number,
// code, field issues) on stdout. Exit 0 when every line is issued or was already, 1 otherwise.
import { readFileSync } from 'node:fs';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import type { Container } from '../container.ts';
import { authorizeLicenceIssuer } from '../services/licences/authorize-licence-issuer.ts';
import { importFormatOfFile, importRecords } from '../services/licences/import-formats.ts';
import { importLicences } from '../services/licences/import-licences.ts';
import type { ImportProgress } from '../services/licences/import-licences.ts';

function bar(p: ImportProgress): string {
  const width = 30;
  const filled = p.total === 0 ? width : Math.round((p.processed / p.total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.processed}/${p.total} issued ${p.issued} already ${p.replayed} failed ${p.failed}`;
}

/** Imports `file` with an open container; returns the outcome. */
export async function importLicenceFile(c: Container, file: string, staffNumber: string, progress: (line: string) => void = () => {}): Promise<ImportProgress> {
  const account = await c.identity.accounts.findByLogin(`staff:${staffNumber.trim()}`);
  const actor = await authorizeLicenceIssuer(
    { accounts: c.identity.accounts, audit: c.audit },
    { clientId: 'yinxin-cli', accountId: account?.id ?? null, scopes: ['licences'], sessionAmr: null },
    { clientIp: null, requestId: null },
  );
  const format = importFormatOfFile(file);
  // An operator's file has no line limit (the API's keeps one request's work bounded).
  const records = await importRecords(readFileSync(file, 'utf8'), format, Number.POSITIVE_INFINITY);
  await c.audit.append({ actor: { id: actor.id, kind: actor.kind }, action: 'licence.import.start', object: file, outcome: 'success', details: { lines: records.length, format, issuerCode: actor.issuer.code, via: 'cli' } });
  const out = await importLicences(c.licences, { records, issuer: actor.issuer }, actor, (p) => progress(bar(p)));
  await c.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: 'licence.import.finish', object: file, outcome: 'success',
    details: { total: out.total, issued: out.issued, replayed: out.replayed, failed: out.failed, via: 'cli' },
  });
  return out;
}

export async function licencesImportCommand(config: Config, file: string | undefined, staff: string | undefined): Promise<number> {
  if (!file || !staff) {
    console.error('usage: yinxin licences import FILE.jsonl|FILE.csv --staff NUMBER');
    return 64;
  }
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const out = await importLicenceFile(c, file, staff, (line) => process.stderr.write(line));
    process.stderr.write('\n');
    console.log(`${out.total} lines: ${out.issued} issued, ${out.replayed} already issued, ${out.failed} failed`);
    for (const e of out.errors) {
      console.log(`line ${e.line}${e.key ? ` (${e.key})` : ''}: ${e.code} ${e.issues.map((i) => `${i.path.join('.') || '-'}: ${i.code}`).join('; ')}`);
    }
    return out.failed === 0 ? 0 : 1;
  } finally {
    await c.close();
  }
}
