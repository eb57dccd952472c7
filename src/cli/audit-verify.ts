import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';

/** `yinxin audit verify`: exit 0 when the chain and its checkpoints hold, 1 naming the first break. */
export async function auditVerifyCommand(config: Config, opts: { json: boolean }): Promise<number> {
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const report = await c.verifyAudit();
    const cps = report.checkpoints;
    const cpText = cps.checked ? `${cps.trusted} of ${cps.total} signed checkpoints verified` : `${cps.total} checkpoints NOT checked (no pinned root certificate in ${config.keysDir})`;
    if (opts.json) console.log(JSON.stringify(report));
    else if (report.ok) console.log(`audit chain intact: ${report.verified} records, head ${report.head?.seq ?? 0} ${report.head?.hash ?? ''}; ${cpText}`);
    else console.log(`audit chain BROKEN at record ${report.firstBroken?.seq}: ${report.firstBroken?.reason}: ${report.firstBroken?.message} (${report.verified} records verified before it)`);
    return report.ok ? 0 : 1;
  } finally {
    await c.close();
  }
}

/** `yinxin audit checkpoint`: sign a checkpoint over the current head now. */
export async function auditCheckpointCommand(config: Config): Promise<number> {
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const cp = await c.checkpointAudit();
    console.log(cp ? `checkpoint signed at record ${cp.seq}` : 'no new records to checkpoint, or no audit checkpoint key (run yinxin keys init)');
    return 0;
  } finally {
    await c.close();
  }
}
