import type { Config } from '../config/schema.ts';
import { connectSql } from '../adapters/sql/connect.ts';
import { SqlAuditStore } from '../adapters/sql/sql-audit-store.ts';
import { verifyAuditChain } from '../services/audit/verify-audit-chain.ts';

/** `yinxin audit verify`: exit 0 when the chain is intact, 1 naming the first broken record. */
export async function auditVerifyCommand(config: Config, opts: { json: boolean }): Promise<number> {
  const knex = connectSql(config.databaseUrl, { poolMax: 1 });
  try {
    const report = await verifyAuditChain(new SqlAuditStore(knex));
    if (opts.json) console.log(JSON.stringify(report));
    else if (report.ok) console.log(`audit chain intact: ${report.verified} records, head ${report.head?.seq ?? 0} ${report.head?.hash ?? ''}`.trim());
    else console.log(`audit chain BROKEN at record ${report.firstBroken?.seq}: ${report.firstBroken?.reason}: ${report.firstBroken?.message} (${report.verified} records verified before it)`);
    return report.ok ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}
