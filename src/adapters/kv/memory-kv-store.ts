import type { Clock } from '../../ports/clock.ts';
import { systemClock } from '../../ports/clock.ts';
import type { Connection, KvStore } from '../../ports/kv-store.ts';
import { checkKey, checkTtl } from './arguments.ts';
import { isExpired, laterExpiry } from './expiry.ts';

interface Expiring {
  /** Epoch milliseconds after which the entry is gone; null keeps it until deleted. */
  expiresAt: number | null;
}
interface ValueEntry extends Expiring {
  value: string;
}
interface SetEntry extends Expiring {
  members: Set<string>;
}

/** How many entries each write examines for expiry, so memory held by dead keys stays bounded. */
const SWEEP_STEP = 16;

/**
 * A KvStore held in this process: for tests and single-process development. Time comes from the
 * given Clock so tests can move it. Expired entries are dropped when read, and every write also
 * checks a few entries in turn (like Redis' active expiry) so unread keys do not pile up.
 */
export class MemoryKvStore implements KvStore, Connection {
  readonly #clock: Clock;
  readonly #values = new Map<string, ValueEntry>();
  readonly #sets = new Map<string, SetEntry>();
  #valueCursor: Iterator<[string, ValueEntry]> = this.#values.entries();
  #setCursor: Iterator<[string, SetEntry]> = this.#sets.entries();

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async get(key: string): Promise<string | null> {
    return this.#liveValue(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    checkTtl(ttlSeconds);
    this.#sweepStep();
    this.#values.set(key, { value, expiresAt: this.#expiry(ttlSeconds) });
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
    this.#sets.delete(key);
  }

  async take(key: string): Promise<string | null> {
    const entry = this.#liveValue(key);
    this.#values.delete(key);
    return entry?.value ?? null;
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    checkKey(key);
    checkTtl(ttlSeconds);
    this.#sweepStep();
    const entry = this.#liveValue(key);
    if (!entry) {
      this.#values.set(key, { value: '1', expiresAt: this.#expiry(ttlSeconds) });
      return 1;
    }
    // Same refusal as Redis INCR, so a misuse found in production also fails in tests.
    if (!/^-?\d+$/.test(entry.value)) throw new TypeError(`value of ${key} is not an integer`);
    const count = Number(entry.value) + 1;
    entry.value = String(count);
    return count;
  }

  async setAdd(setKey: string, member: string, ttlSeconds?: number): Promise<void> {
    checkKey(setKey);
    checkKey(member, 'member');
    checkTtl(ttlSeconds);
    this.#sweepStep();
    const expiresAt = this.#expiry(ttlSeconds);
    const entry = this.#liveSet(setKey);
    if (!entry) {
      this.#sets.set(setKey, { members: new Set([member]), expiresAt });
      return;
    }
    entry.members.add(member);
    entry.expiresAt = laterExpiry(entry.expiresAt, expiresAt);
  }

  async setMembers(setKey: string): Promise<string[]> {
    return [...(this.#liveSet(setKey)?.members ?? [])];
  }

  /** Remove every expired entry now; returns how many were removed. */
  async sweepExpired(): Promise<number> {
    const now = this.#now();
    let removed = 0;
    for (const map of [this.#values, this.#sets] as Map<string, Expiring>[]) {
      for (const [key, entry] of map) {
        if (isExpired(entry.expiresAt, now)) {
          map.delete(key);
          removed++;
        }
      }
    }
    return removed;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  #liveValue(key: string): ValueEntry | undefined {
    const entry = this.#values.get(key);
    if (entry && isExpired(entry.expiresAt, this.#now())) {
      this.#values.delete(key);
      return undefined;
    }
    return entry;
  }

  #liveSet(key: string): SetEntry | undefined {
    const entry = this.#sets.get(key);
    if (entry && isExpired(entry.expiresAt, this.#now())) {
      this.#sets.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweepStep(): void {
    const now = this.#now();
    this.#valueCursor = sweepSome(this.#values, this.#valueCursor, now);
    this.#setCursor = sweepSome(this.#sets, this.#setCursor, now);
  }

  #expiry(ttlSeconds: number | undefined): number | null {
    return ttlSeconds === undefined ? null : this.#now() + ttlSeconds * 1000;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }
}

/**
 * Examine up to SWEEP_STEP entries from where the last step stopped and delete the expired ones;
 * returns the cursor to continue from. Map iterators stay valid while entries are deleted.
 */
function sweepSome<T extends Expiring>(
  map: Map<string, T>,
  cursor: Iterator<[string, T]>,
  now: number,
): Iterator<[string, T]> {
  let restarted = false;
  for (let i = 0; i < SWEEP_STEP; i++) {
    let next = cursor.next();
    if (next.done) {
      // A finished iterator never yields again, even for later inserts: start over once per step.
      if (restarted) break;
      restarted = true;
      cursor = map.entries();
      next = cursor.next();
      if (next.done) break;
    }
    const [key, entry] = next.value;
    if (isExpired(entry.expiresAt, now)) map.delete(key);
  }
  return cursor;
}
