// Search the audit log for an auditor, one page at a time, and record that search in the log.
// Steps: decode the cursor (the last record of the page before) → read one more than a page from
// the index for the query → the extra record, if any, says there is a next page: its cursor is
// the page's last record → append `audit.search` with the query and how many records it showed
// (before answering, so no search goes unrecorded) → the page and the next cursor.
import { decodeAuditCursor, encodeAuditCursor } from '../../domain/audit-query.ts';
import type { AuditQuery } from '../../domain/audit-query.ts';
import type { AuditRecord } from '../../domain/audit-record.ts';
import type { AuditSearch } from '../../ports/audit-search.ts';
import type { AuditLog } from './audit-log.ts';
import type { Auditor } from './authorize-auditor.ts';

export interface AuditSearchDeps {
  search: Pick<AuditSearch, 'search'>;
  audit: AuditLog;
}

export interface AuditPage {
  records: AuditRecord[];
  /** The cursor of the next (older) page, or null on the last page. */
  next: string | null;
}

/** The query as the audit record about a search shows it (only the fields given). */
export function queryDetails(q: AuditQuery): Record<string, unknown> {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}

export async function searchAudit(deps: AuditSearchDeps, who: Auditor, query: AuditQuery, cursor: string | null, limit: number): Promise<AuditPage> {
  const after = cursor === null ? null : decodeAuditCursor(cursor);
  const found = await deps.search.search(query, after, limit + 1);
  const records = found.slice(0, limit);
  const last = records.at(-1);
  const next = found.length > limit && last ? encodeAuditCursor({ time: last.time, seq: last.seq }) : null;
  await deps.audit.append({
    actor: { id: who.id, kind: who.kind }, action: 'audit.search', object: null, outcome: 'success',
    clientIp: who.clientIp, requestId: who.requestId,
    details: { query: queryDetails(query), page: cursor === null ? 'first' : 'next', shown: records.length },
  });
  return { records, next };
}
