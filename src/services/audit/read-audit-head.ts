// Read the chain head for publication, so outsiders can anchor the log (like a transparency
// log's signed tree head). Steps: read the last record → return seq, hash and time only.
import type { AuditStore } from '../../ports/audit-store.ts';

export interface AuditHead {
  seq: number;
  hash: string;
  time: string | null;
}

export async function readAuditHead(store: AuditStore): Promise<AuditHead> {
  const last = await store.last();
  return last ? { seq: last.seq, hash: last.hash, time: last.time } : { seq: 0, hash: '0'.repeat(64), time: null };
}
