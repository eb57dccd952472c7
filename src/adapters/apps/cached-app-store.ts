// Registered apps kept in process memory, so that a token request does not read the database.
//
// Each app has a version stamp in the shared key-value store; every write replaces it. A read
// compares the stamp with the one its cached copy was loaded under and reloads on any difference,
// so a rotated secret or a disabled app takes effect on the next request in every service process.
// The stamp is read before the database: a write landing between the two reads leaves the copy
// under an older stamp, which the writer's new stamp then invalidates.
//
// A write replaces the stamp before and after the database write, so a copy loaded in between is
// invalidated too. When the store loses stamps (a restart, an eviction) every copy reloads once.
// A copy is also never older than MAX_AGE_MS, a backstop should a stamp write fail.
import { randomBytes } from 'node:crypto';
import type { AppStore, RegisteredApp } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KvStore } from '../../ports/kv-store.ts';

const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  stamp: string | null;
  app: RegisteredApp | null;
  loadedAt: number;
}

export const appStampKey = (clientId: string) => `app:stamp:${clientId}`;

export class CachedAppStore implements AppStore {
  readonly #inner: AppStore;
  readonly #kv: KvStore;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(inner: AppStore, kv: KvStore, clock: Clock) {
    this.#inner = inner;
    this.#kv = kv;
    this.#clock = clock;
  }

  async find(clientId: string): Promise<RegisteredApp | null> {
    const stamp = await this.#kv.get(appStampKey(clientId));
    const now = this.#clock.now().getTime();
    const cached = this.#entries.get(clientId);
    if (cached && cached.stamp === stamp && now - cached.loadedAt < MAX_AGE_MS) return cached.app;
    const app = await this.#inner.find(clientId);
    // Unknown ids are remembered too (under their absent stamp), so guessed ids cost one lookup
    // each; the bound keeps a flood of them from growing the map without limit.
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(clientId, { stamp, app, loadedAt: now });
    return app;
  }

  async save(app: RegisteredApp): Promise<void> {
    await this.#restamp(app.clientId);
    await this.#inner.save(app);
    await this.#restamp(app.clientId);
  }

  async remove(clientId: string): Promise<boolean> {
    await this.#restamp(clientId);
    const removed = await this.#inner.remove(clientId);
    await this.#restamp(clientId);
    return removed;
  }

  list(): Promise<RegisteredApp[]> {
    return this.#inner.list();
  }

  async #restamp(clientId: string): Promise<void> {
    this.#entries.delete(clientId);
    await this.#kv.set(appStampKey(clientId), randomBytes(12).toString('base64url'));
  }
}
