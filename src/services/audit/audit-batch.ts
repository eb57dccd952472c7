// Frequent events (every token the provider issues) audited as one chained record per short
// window instead of one record each.
//
// Why: appends are serialised per process (each waits for the chain head the one before wrote),
// so at token-endpoint rates one record per token makes every process queue behind the database.
// Batched, the chain grows by one record per window whatever the rate; each event keeps its own
// time, actor, object and details inside the record, which the chain hash covers like any other.
//
// Durability: events wait in memory for at most `windowMs` (or until `maxEvents` gather), as they
// did before behind the serialised appends, where under load the wait was unbounded. `close()`
// writes what is pending; the order of events and of records is the order of `add` calls.
// Steps: add → start the window timer (or flush at once when full) → flush: take the pending
// events → append one record `{count, events}` through the audit log → report failures.
import type { AuditEvent, AuditLog } from './audit-log.ts';
import type { Clock } from '../../ports/clock.ts';

export interface AuditBatchOptions {
  /** The record's action, e.g. `token.issue`. */
  action: string;
  windowMs: number;
  maxEvents: number;
  onError(error: unknown): void;
}

export class AuditBatch {
  readonly #log: AuditLog;
  readonly #clock: Clock;
  readonly #opts: AuditBatchOptions;
  #pending: Record<string, unknown>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #written: Promise<unknown> = Promise.resolve();

  constructor(log: AuditLog, clock: Clock, opts: AuditBatchOptions) {
    this.#log = log;
    this.#clock = clock;
    this.#opts = opts;
  }

  add(event: AuditEvent): void {
    this.#pending.push({
      at: this.#clock.now().toISOString(),
      actorId: event.actor.id,
      actorKind: event.actor.kind,
      object: event.object ?? null,
      outcome: event.outcome,
      clientIp: event.clientIp ?? null,
      requestId: event.requestId ?? null,
      details: event.details ?? {},
    });
    if (this.#pending.length >= this.#opts.maxEvents) {
      void this.flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#opts.windowMs);
      this.#timer.unref();
    }
  }

  /** Append what is pending as one record; resolves when it (and any earlier one) is stored. */
  flush(): Promise<unknown> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#pending;
    this.#pending = [];
    if (events.length) {
      // The audit log serialises appends, so records keep the order of their flushes.
      this.#written = this.#log.append({
        actor: { id: null, kind: 'system' }, action: this.#opts.action, outcome: 'success',
        details: { count: events.length, events },
      }).catch((e: unknown) => this.#opts.onError(e));
    }
    return this.#written;
  }
}
