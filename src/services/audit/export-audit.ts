// Export every audit record a query matches, for an auditor, without holding them in memory.
// Steps: append `audit.export` with the query and the format (before the first row leaves, so no
// export goes unrecorded) → read the matches page by page through the same keyset search as the
// pages, newest first, each page starting after the last record of the one before → hand each
// page to the caller, which writes it out before the next is read.
import type { AuditQuery } from '../../domain/audit-query.ts';
import type { AuditRecord } from '../../domain/audit-record.ts';
import type { AuditSearchDeps } from './search-audit.ts';
import { queryDetails } from './search-audit.ts';
import type { Auditor } from './authorize-auditor.ts';

export type AuditExportFormat = 'csv' | 'jsonl';

/** Records read per page: a few hundred kilobytes at most, whatever the export's length. */
export const EXPORT_PAGE = 500;

/** Record the export, then the pages of records it holds, one after another. */
export async function startAuditExport(deps: AuditSearchDeps, who: Auditor, query: AuditQuery, format: AuditExportFormat): Promise<AsyncGenerator<AuditRecord[]>> {
  await deps.audit.append({
    actor: { id: who.id, kind: who.kind }, action: 'audit.export', object: null, outcome: 'success',
    clientIp: who.clientIp, requestId: who.requestId, details: { query: queryDetails(query), format },
  });
  return exportPages(deps, query);
}

async function* exportPages(deps: AuditSearchDeps, query: AuditQuery, pageSize = EXPORT_PAGE): AsyncGenerator<AuditRecord[]> {
  let after: { time: string; seq: number } | null = null;
  for (;;) {
    const page = await deps.search.search(query, after, pageSize);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (page.length < pageSize || !last) return;
    after = { time: last.time, seq: last.seq };
  }
}
