// Append to the tamper-evident audit log.
// Steps: mask details (no secrets, personal data masked) → take the chain head (cached, else read)
// → build the next record (seq + 1, prevHash = head hash, SM3 hash) → insert if that seq is free
// → on a conflict (another process appended first) re-read the head and retry.
// Appends within one process are serialised, so only other processes cause conflicts. Events that
// arrive while an insert is in flight wait and then go together: each still its own chained
// record, all inserted in one statement and one commit (when the store can), so a busy process
// pays one round trip and one disk flush per batch instead of per event.
import { canonicalJson } from '../../domain/canonical-json.ts';
import { AppError } from '../../domain/errors.ts';
import { GENESIS_HASH, hashAuditRecord } from '../../domain/audit-record.ts';
import type { ActorKind, AuditOutcome } from '../../domain/audit-record.ts';
import { maskDetails } from '../../domain/masking.ts';
import type { AuditRecord, AuditStore } from '../../ports/audit-store.ts';
import type { Clock } from '../../ports/clock.ts';

export interface AuditEvent {
  actor: { id: string | null; kind: ActorKind };
  /** Dotted verb, e.g. `login.password`, `seal.use`, `licence.issue`. */
  action: string;
  object?: string | null;
  outcome: AuditOutcome;
  clientIp?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

const MAX_ATTEMPTS = 100;
/** The most events one insert carries. */
const MAX_BATCH = 200;
const truncate = (s: string | null | undefined, max: number): string | null => (s == null ? null : s.slice(0, max));

interface Pending {
  readonly event: AuditEvent;
  readonly details: string;
  readonly resolve: (r: AuditRecord) => void;
  readonly reject: (e: unknown) => void;
}

export class AuditLog {
  private readonly store: AuditStore;
  private readonly clock: Clock;
  private head: AuditRecord | null | undefined;
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(store: AuditStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Append one event; resolves with the stored record once it is durable. */
  append(event: AuditEvent): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      let details: string;
      try {
        details = canonicalJson(maskDetails(event.details ?? {}));
      } catch (e) {
        reject(e);
        return;
      }
      this.queue.push({ event, details, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.store.insertAllIfAbsent ? MAX_BATCH : 1);
      try {
        const records = await this.appendBatch(batch);
        batch.forEach((p, i) => p.resolve(records[i] as AuditRecord));
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.draining = false;
  }

  private build(prev: AuditRecord | null, p: Pending): AuditRecord {
    const { event } = p;
    const fields = {
      seq: (prev?.seq ?? 0) + 1,
      time: this.clock.now().toISOString(),
      actorId: truncate(event.actor.id, 128),
      actorKind: event.actor.kind,
      action: event.action.slice(0, 128),
      object: truncate(event.object, 255),
      outcome: event.outcome,
      clientIp: truncate(event.clientIp, 64),
      requestId: truncate(event.requestId, 64),
      details: p.details,
      prevHash: prev?.hash ?? GENESIS_HASH,
    };
    return { ...fields, hash: hashAuditRecord(fields) };
  }

  private async appendBatch(batch: readonly Pending[]): Promise<AuditRecord[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        if (this.head === undefined) this.head = await this.store.last();
        const records: AuditRecord[] = [];
        let prev = this.head;
        for (const p of batch) {
          prev = this.build(prev, p);
          records.push(prev);
        }
        const stored = records.length === 1 || !this.store.insertAllIfAbsent
          ? await this.store.insertIfAbsent(records[0] as AuditRecord)
          : await this.store.insertAllIfAbsent(records);
        if (stored) {
          this.head = records.at(-1) as AuditRecord;
          return records;
        }
        this.head = undefined;
        // Another process holds one of these seqs: back off briefly, with jitter, before re-reading.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, 1 + attempt)));
      } catch (e) {
        this.head = undefined;
        throw e;
      }
    }
    throw new AppError('ERR_AUDIT_CONTENTION', 'audit log append kept conflicting', { details: { attempts: MAX_ATTEMPTS } });
  }
}
