// The audit search as SQL: one statement per action searched, each a range read of the one index
// that leads with the most selective field given (migration 0075), newest first by (time, seq).
// Several actions (the sign-in events) are several such reads, merged here: a database cannot
// read one index in order across several ranges of its first column, and sorting their union
// would read every match instead of a page of each.
import type { Knex } from 'knex';
import type { AuditCursor, AuditQuery } from '../../domain/audit-query.ts';

/** Which index each search uses; named so the query plan is the one the migration provides. */
function indexFor(q: AuditQuery, action: string | null): string {
  if (q.object !== undefined) return 'audit_log_object_time';
  if (q.actorId !== undefined) return 'audit_log_actor_time';
  if (action !== null) return 'audit_log_action_time';
  return 'audit_log_time';
}

/** One statement: the records of `action` (null: any) matching `q`, after the cursor, newest first. */
export function auditSearchStatement(knex: Knex, q: AuditQuery, action: string | null, after: AuditCursor | null, limit: number): Knex.QueryBuilder {
  const index = indexFor(q, action);
  // MySQL and MariaDB may otherwise prefer the primary key for ORDER BY … LIMIT and walk the
  // whole table backwards; SQLite's planner picks the matching index by itself.
  const table = knex.client.dialect === 'mysql' ? knex.raw('?? force index (??)', ['audit_log', index]) : 'audit_log';
  const b = knex.select('*').from(table);
  if (q.object !== undefined) b.where('object', q.object);
  if (q.actorId !== undefined) b.where('actor_id', q.actorId);
  if (action !== null) b.where('action', action);
  if (q.from !== undefined) b.where('time', '>=', q.from);
  if (q.to !== undefined) b.where('time', '<', q.to);
  if (after) {
    // Written out rather than as a row comparison: both engines read `time <= ?` as the index range.
    b.where('time', '<=', after.time).andWhere((w) => w.where('time', '<', after.time).orWhere('seq', '<', after.seq));
  }
  return b.orderBy([{ column: 'time', order: 'desc' }, { column: 'seq', order: 'desc' }]).limit(limit);
}

/** Newest first by (time, seq). */
export const newestFirst = (a: { time: string; seq: number | string }, b: { time: string; seq: number | string }): number =>
  a.time < b.time ? 1 : a.time > b.time ? -1 : Number(b.seq) - Number(a.seq);
