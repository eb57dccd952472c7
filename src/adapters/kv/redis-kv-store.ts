import { ErrorReply } from 'redis';
import { AppError } from '../../domain/errors.ts';
import type { Connection, KvStore } from '../../ports/kv-store.ts';
import { checkKey, checkTtl } from './arguments.ts';
import { openRedis } from './redis-connection.ts';
import type { RedisCommands, RedisConnection } from './redis-connection.ts';
import { INCREMENT, SET_ADD } from './redis-scripts.ts';
import { redisTarget } from './redis-target.ts';

/** Options of {@link RedisKvStore}. */
export interface RedisKvStoreOptions {
  /**
   * `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS; several `host:port`
   * separated by commas name nodes of a Redis Cluster, and `redis+sentinel://host:port,…/NAME` the
   * sentinels watching a master (redis-target.ts).
   */
  url: string;
  /** Put before every key, so that several services or test runs can share one Redis. */
  prefix?: string;
  /** Longest wait for a connection or a reply before a call rejects; default 2000 ms. */
  timeoutMs?: number;
  /** Told of each connection error (every failed reconnection attempt too), for logging. */
  onError?: (err: unknown) => void;
}

/**
 * A KvStore on Redis (node-redis), one server, a Redis Cluster or Sentinel, for several service processes
 * sharing one store. Redis keeps the expiry itself, so no Clock is involved.
 *
 * Every call is one command (or one script) on one key, so in a cluster each goes to the node
 * that serves its key and none can fail with CROSSSLOT; callers that touch several keys (a
 * session and its uid pointer) make several calls, each atomic on its own, as the port promises.
 * Keys therefore need no hash tags and are the same in a cluster as on one server.
 *
 * While Redis is down every call rejects at once with an AppError `ERR_STORE_UNAVAILABLE` (from
 * a server that accepts but stays silent: after `timeoutMs`), so the service can answer 503
 * instead of hanging. The client keeps reconnecting in the background and calls succeed again
 * when Redis is back. Commands are never queued while offline, so nothing stale runs later.
 */
export class RedisKvStore implements KvStore, Connection {
  readonly #redis: RedisConnection;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #deadlines: Deadlines;
  /** Settles when the first connection attempt has succeeded or failed. */
  readonly #firstAttempt: Promise<void>;
  /** The reason Redis is unreachable; cleared when a connection becomes ready. */
  #lastError: unknown = undefined;
  #closed = false;

  constructor(options: RedisKvStoreOptions) {
    this.#prefix = options.prefix ?? '';
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#deadlines = new Deadlines(this.#timeoutMs);
    let settleFirst: () => void = () => undefined;
    this.#firstAttempt = new Promise((resolve) => { settleFirst = resolve; });
    this.#redis = openRedis(redisTarget(options.url), this.#timeoutMs, {
      // Every error is told; only a failed attempt (on one server, any error) marks Redis down.
      error: (err) => options.onError?.(err),
      attemptFailed: (err) => {
        this.#lastError = err;
        settleFirst();
      },
      ready: () => {
        this.#lastError = undefined;
        settleFirst();
      },
    });
  }

  async get(key: string): Promise<string | null> {
    return this.#run((c) => c.get(this.#key(key)));
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    checkKey(key);
    checkTtl(ttlSeconds);
    const options = ttlSeconds === undefined ? undefined : { expiration: { type: 'EX' as const, value: ttlSeconds } };
    // A plain SET also clears an earlier TTL, as the other stores do when overwriting.
    await this.#run((c) => c.set(this.#key(key), value, options));
  }

  async delete(key: string): Promise<void> {
    await this.#run((c) => c.del(this.#key(key)));
  }

  async take(key: string): Promise<string | null> {
    return this.#run((c) => c.getDel(this.#key(key)));
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    checkKey(key);
    checkTtl(ttlSeconds);
    const count = await this.#run((c) =>
      c.eval(INCREMENT, { keys: [this.#key(key)], arguments: [String(ttlSeconds)] }),
    );
    return Number(count);
  }

  async setAdd(setKey: string, member: string, ttlSeconds?: number): Promise<void> {
    checkKey(setKey);
    checkKey(member, 'member');
    checkTtl(ttlSeconds);
    await this.#run((c) =>
      c.eval(SET_ADD, { keys: [this.#key(setKey)], arguments: [member, String(ttlSeconds ?? 0)] }),
    );
  }

  async setMembers(setKey: string): Promise<string[]> {
    return this.#run((c) => c.sMembers(this.#key(setKey)));
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#redis.ping());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#redis.isReady()) {
      // Let commands in flight finish, but do not wait on a server that stopped answering.
      await withTimeout(this.#redis.close(), this.#timeoutMs).catch(() => this.#redis.destroy());
    } else {
      // Still connecting or reconnecting: stop the attempts.
      this.#redis.destroy();
    }
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  /** Run one command, turning "Redis cannot answer" of any kind into ERR_STORE_UNAVAILABLE. */
  async #run<T>(command: (client: RedisCommands) => Promise<T>): Promise<T> {
    try {
      if (this.#closed) throw new Error('closed');
      if (!this.#redis.isReady()) {
        // Down since an error: fail now. Never connected yet: wait for the first attempt.
        if (this.#lastError === undefined) await this.#deadlines.bound(this.#firstAttempt);
        if (!this.#redis.isReady()) throw this.#lastError ?? new Error('not connected');
      }
      return await this.#deadlines.bound(command(this.#redis.commands));
    } catch (err) {
      // A reply error (wrong type, script error) is a fault of the call, not of availability.
      if (err instanceof ErrorReply) throw err;
      throw new AppError('ERR_STORE_UNAVAILABLE', 'Redis unavailable', {
        cause: err,
        details: { backend: 'redis', reason: err instanceof Error ? err.message : String(err) },
      });
    }
  }
}

interface Waiting {
  due: number;
  reject(error: Error): void;
}

/**
 * Bounds the wait for replies: a call that has no answer within `ms` rejects. One interval timer,
 * running only while calls wait, checks the deadlines every `ms / 10`, so a call rejects between
 * `ms` and `1.1 ms` after it started, without a timer of its own.
 */
class Deadlines {
  readonly #ms: number;
  readonly #waiting = new Set<Waiting>();
  #timer: NodeJS.Timeout | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  bound<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = { due: performance.now() + this.#ms, reject };
      this.#waiting.add(entry);
      this.#timer ??= setInterval(() => this.#sweep(), Math.max(1, Math.floor(this.#ms / 10))).unref();
      promise.then(
        (value) => { this.#waiting.delete(entry); resolve(value); },
        (error: unknown) => { this.#waiting.delete(entry); reject(error); },
      );
    });
  }

  #sweep(): void {
    const now = performance.now();
    for (const entry of this.#waiting) {
      if (entry.due > now) continue;
      this.#waiting.delete(entry);
      entry.reject(new Error(`no answer within ${this.#ms} ms`));
    }
    if (this.#waiting.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}

/** Reject with a timeout error if `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // race() subscribes to `promise`, so a late rejection after the timeout is not unhandled.
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
