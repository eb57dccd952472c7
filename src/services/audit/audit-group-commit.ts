// Frequent events (every token the provider issues) audited before they are acknowledged, at the
// cost of one chained record per group rather than one per event (group commit).
//
// Why: appends are serialised per process (each waits for the chain head the one before wrote),
// so one record per token would make every token request queue behind the database. Instead
// each event joins the group being gathered; the group is appended as one record as soon as the
// append before it has finished, and every caller's promise settles with that append. Under load
// a group holds whatever arrived during the previous append, and appends start at most every
// `minIntervalMs` (each costs a fixed few hundred microseconds of CPU, so at high rates the
// spacing keeps groups large for a wait of at most that interval); when idle, a group is one
// event written at once. The caller answers only after its promise resolves, so nothing is
// acknowledged that is not in the log: a crash loses no acknowledged event.
// Steps: add → join the open group (a new one when it is full) → when no append is in flight,
// take the oldest group (no sooner than minIntervalMs after the last append began) → append `{count, events}` through the audit log → settle its callers →
// repeat while groups wait.
import type { AuditEvent, AuditLog } from './audit-log.ts';
import type { Clock } from '../../ports/clock.ts';

export interface AuditGroupCommitOptions {
  /** The record's action, e.g. `token.issue`. */
  action: string;
  /** Most events in one record. */
  maxEvents: number;
  /** Least time between the starts of two appends while events keep coming (0: none). */
  minIntervalMs?: number;
}

interface Group {
  events: Record<string, unknown>[];
  settle: { resolve(): void; reject(error: unknown): void }[];
}

export class AuditGroupCommit {
  readonly #log: AuditLog;
  readonly #clock: Clock;
  readonly #opts: AuditGroupCommitOptions;
  readonly #groups: Group[] = [];
  #writing = false;
  #idle: (() => void)[] = [];

  constructor(log: AuditLog, clock: Clock, opts: AuditGroupCommitOptions) {
    this.#log = log;
    this.#clock = clock;
    this.#opts = opts;
  }

  /** Resolves once the event is stored in the chain; rejects when its record could not be. */
  add(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let group = this.#groups.at(-1);
      if (!group || group.events.length >= this.#opts.maxEvents) {
        group = { events: [], settle: [] };
        this.#groups.push(group);
      }
      group.events.push({
        at: this.#clock.now().toISOString(),
        actorId: event.actor.id,
        actorKind: event.actor.kind,
        object: event.object ?? null,
        outcome: event.outcome,
        clientIp: event.clientIp ?? null,
        requestId: event.requestId ?? null,
        details: event.details ?? {},
      });
      group.settle.push({ resolve, reject });
      // Events added in the same turn of the event loop share the first record.
      if (!this.#writing) {
        this.#writing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Resolves when every event added so far is stored (or has failed). */
  flush(): Promise<void> {
    if (!this.#writing && this.#groups.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    let started = -Infinity;
    for (;;) {
      const wait = started + (this.#opts.minIntervalMs ?? 0) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const group = this.#groups.shift();
      if (!group) break;
      started = performance.now();
      try {
        await this.#log.append({
          actor: { id: null, kind: 'system' }, action: this.#opts.action, outcome: 'success',
          details: { count: group.events.length, events: group.events },
        });
        for (const s of group.settle) s.resolve();
      } catch (e) {
        for (const s of group.settle) s.reject(e);
      }
    }
    this.#writing = false;
    for (const done of this.#idle.splice(0)) done();
  }
}
