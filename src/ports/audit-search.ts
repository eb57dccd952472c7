import type { AuditCursor, AuditQuery } from '../domain/audit-query.ts';
import type { AuditRecord } from '../domain/audit-record.ts';

/** Reading the audit chain by what a record is about (the chain itself is the AuditStore). */
export interface AuditSearch {
  /** Up to `limit` records of `action` about any of `objects`, newest first. */
  byObject(action: string, objects: readonly string[], limit: number): Promise<AuditRecord[]>;
  /**
   * Up to `limit` records matching every field of `query`, newest first by (time, seq), strictly
   * after `after` in that order when given. Each read is a range of one index, never a scan.
   */
  search(query: AuditQuery, after: AuditCursor | null, limit: number): Promise<AuditRecord[]>;
  /**
   * Up to `limit` records about `object` with any of `actions`, newest first, older than record
   * `beforeSeq` when given (the next page).
   */
  aboutObject(object: string, actions: readonly string[], page: { beforeSeq?: number; limit: number }): Promise<AuditRecord[]>;
}
