import type { Config } from '../config/schema.ts';
import { connectSql } from '../adapters/sql/connect.ts';
import { migrateLatest } from '../adapters/sql/migrate.ts';
import { SqlAuditStore } from '../adapters/sql/sql-audit-store.ts';
import { systemClock } from '../ports/clock.ts';
import { AuditLog } from '../services/audit/audit-log.ts';
import { userInfo } from 'node:os';

/** `yinxin migrate`: apply pending migrations and record the admin action in the audit log. */
export async function migrateCommand(config: Config): Promise<number> {
  const knex = connectSql(config.databaseUrl, { poolMax: 1 });
  try {
    const applied = await migrateLatest(knex);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    if (applied.length) {
      await new AuditLog(new SqlAuditStore(knex), systemClock).append({
        actor: { id: `os:${userInfo().username}`, kind: 'system' },
        action: 'admin.migrate',
        outcome: 'success',
        details: { applied },
      });
    }
    return 0;
  } finally {
    await knex.destroy();
  }
}
