// A separate OS process that appends to the audit log: `node audit-append-worker.ts <dbUrl> <n> <tag>`.
import { connectSql } from '../../src/adapters/sql/connect.ts';
import { SqlAuditStore } from '../../src/adapters/sql/sql-audit-store.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { AuditLog } from '../../src/services/audit/audit-log.ts';

const [url, n, tag] = process.argv.slice(2);
if (!url || !n || !tag) throw new Error('usage: audit-append-worker <dbUrl> <n> <tag>');
const knex = connectSql(url, { poolMax: 4 });
const log = new AuditLog(new SqlAuditStore(knex), systemClock);
// Several appends in flight at once within this process too.
await Promise.all(Array.from({ length: Number(n) }, (_, i) =>
  log.append({ actor: { id: tag, kind: 'system' }, action: 'test.append', object: `${tag}-${i}`, outcome: 'success' })));
await knex.destroy();
