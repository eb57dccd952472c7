import type { AuditCursor, AuditQuery } from '../../src/domain/audit-query.ts';
import type { AuditCheckpoint, AuditRecord, AuditStore } from '../../src/ports/audit-store.ts';

const newestFirst = (a: AuditRecord, b: AuditRecord) => (a.time < b.time ? 1 : a.time > b.time ? -1 : b.seq - a.seq);

/** An in-memory audit store (a fake, not a mock) for service tests. */
export class MemoryAuditStore implements AuditStore {
  records: AuditRecord[] = [];
  saved: AuditCheckpoint[] = [];
  async last() { return this.records.at(-1) ?? null; }
  async insertIfAbsent(r: AuditRecord) {
    if (this.records.some((x) => x.seq === r.seq)) return false;
    this.records.push(r);
    return true;
  }
  async insertAllIfAbsent(rs: readonly AuditRecord[]) {
    if (rs.some((r) => this.records.some((x) => x.seq === r.seq))) return false;
    this.records.push(...rs);
    return true;
  }
  async page(after: number, limit: number) { return this.records.filter((r) => r.seq > after).slice(0, limit); }
  async addCheckpoint(cp: AuditCheckpoint) {
    if (this.saved.some((x) => x.seq === cp.seq || (cp.index !== null && x.index === cp.index))) return false;
    this.saved.push(cp);
    return true;
  }
  async checkpoints() { return [...this.saved].sort((a, b) => a.seq - b.seq); }
  async lastCheckpoint() {
    const chained = this.saved.filter((c) => c.index !== null).sort((a, b) => (b.index as number) - (a.index as number));
    return chained[0] ?? (await this.checkpoints()).at(-1) ?? null;
  }
  /** The audit search (AuditSearch's), by filtering every record. */
  async search(q: AuditQuery, after: AuditCursor | null, limit: number) {
    return this.records.filter((r) => (q.actorId === undefined || r.actorId === q.actorId) && (q.object === undefined || r.object === q.object)
      && (!q.actions?.length || q.actions.includes(r.action)) && (q.from === undefined || r.time >= q.from) && (q.to === undefined || r.time < q.to)
      && (after === null || r.time < after.time || (r.time === after.time && r.seq < after.seq))).sort(newestFirst).slice(0, limit);
  }
  async checkpointsFrom(index: number, limit: number) {
    return this.saved.filter((c) => c.index !== null && c.index >= index).sort((a, b) => (a.index as number) - (b.index as number)).slice(0, limit);
  }
}
