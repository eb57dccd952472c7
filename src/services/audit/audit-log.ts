// Append to the tamper-evident audit log.
// Steps: mask details (no secrets, personal data masked) → take the chain head (cached, else read)
// → build the next record (seq + 1, prevHash = head hash, SM3 hash) → insert if that seq is free
// → on a conflict (another process appended first) re-read the head and retry.
// Appends within one process are serialised, so only other processes cause conflicts.
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

const truncate = (s: string | null | undefined, max: number): string | null => (s == null ? null : s.slice(0, max));

export class AuditLog {
  private readonly store: AuditStore;
  private readonly clock: Clock;
  private head: AuditRecord | null | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(store: AuditStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Append one event; resolves with the stored record once it is durable. */
  append(event: AuditEvent): Promise<AuditRecord> {
    const result = this.tail.then(() => this.appendNow(event));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async appendNow(event: AuditEvent): Promise<AuditRecord> {
    const details = canonicalJson(maskDetails(event.details ?? {}));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        if (this.head === undefined) this.head = await this.store.last();
        const prev = this.head;
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
          details,
          prevHash: prev?.hash ?? GENESIS_HASH,
        };
        const record: AuditRecord = { ...fields, hash: hashAuditRecord(fields) };
        if (await this.store.insertIfAbsent(record)) {
          this.head = record;
          return record;
        }
        this.head = undefined;
        // Another process holds this seq: back off briefly, with jitter, before re-reading.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(20, 1 + attempt)));
      } catch (e) {
        this.head = undefined;
        throw e;
      }
    }
    throw new AppError('ERR_AUDIT_CONTENTION', 'audit log append kept conflicting', { details: { attempts: MAX_ATTEMPTS } });
  }
}
