import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../config/schema.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { readPublishedCheckpoint } from '../services/audit/published-checkpoint.ts';
import { openAuditTools } from './audit-tools.ts';

/** How many findings the text output lists after the first. */
const MORE = 10;
/** Largest trust list read (they list every licence). */
const MAX_TRUST_LIST_BYTES = 256 * 1024 * 1024;

function readSmallFile(file: string): string {
  if (statSync(file).size > MAX_TRUST_LIST_BYTES) throw new AppError('ERR_PAYLOAD_TOO_LARGE', `${file} is larger than ${MAX_TRUST_LIST_BYTES} bytes`);
  return readFileSync(file, 'utf8');
}

/** `yinxin audit verify`: exit 0 when the chain, its checkpoints and the witness agree, 1 naming the first break. */
export async function auditVerifyCommand(config: Config, opts: { json: boolean; trust?: string }): Promise<number> {
  // A saved copy of the published trust list: its audit checkpoint is compared like the witness's.
  const copies = opts.trust === undefined ? [] : [{ location: opts.trust, checkpoints: [readPublishedCheckpoint(readSmallFile(opts.trust))] }];
  const c = await openAuditTools(config);
  try {
    const report = await c.verify(copies);
    const cps = report.checkpoints;
    const cpText = cps.checked ? `${cps.trusted} of ${cps.total} signed checkpoints verified` : `${cps.total} checkpoints NOT checked (no pinned root certificate in ${config.keysDir})`;
    const witnessText = report.witness
      ? `witness ${report.witness.location}: ${report.witness.checkpoints} checkpoints compared`
      : 'NO witness (AUDIT_WITNESS_FILE=off): deleting the latest checkpoints and rewriting the records after the one left cannot be detected';
    if (opts.json) console.log(JSON.stringify(report));
    else if (report.ok) console.log(`audit chain intact: ${report.verified} records, head ${report.head?.seq ?? 0} ${report.head?.hash ?? ''}; ${cpText}; ${witnessText}`);
    else {
      const f = report.firstBroken;
      const where = f?.checkpoint === undefined ? `record ${f?.seq}` : `checkpoint #${f.checkpoint}, record ${f.seq}`;
      console.log(`audit chain BROKEN at ${where}: ${f?.reason}: ${f?.message} (${report.verified} records verified; ${witnessText})`);
      for (const more of report.findings.slice(1, 1 + MORE)) console.log(`  also: ${more.reason}: ${more.message}`);
      if (report.findings.length > 1 + MORE) console.log(`  and ${report.findings.length - 1 - MORE} more (--json lists all)`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await c.close();
  }
}

/** `yinxin audit checkpoint`: sign a checkpoint over the current head now. */
export async function auditCheckpointCommand(config: Config): Promise<number> {
  const c = await openAuditTools(config);
  try {
    const cp = await c.checkpoint();
    console.log(cp ? `checkpoint #${cp.index} signed at record ${cp.seq}` : 'no new records to checkpoint, or no audit checkpoint key (run yinxin keys init)');
    return 0;
  } catch (e) {
    if (!isAppError(e, 'ERR_AUDIT_TAMPERED')) throw e;
    console.error(`${e.message}; run yinxin audit verify`);
    return 1;
  } finally {
    await c.close();
  }
}
