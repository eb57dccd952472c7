import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { sm4Decrypt, sm4Encrypt } from '../../crypto/sm4.ts';
import type { Clock } from '../../ports/clock.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import { isDuplicateKey, sqlCall } from '../sql/sql-errors.ts';
import type { KekRing } from './kek.ts';

const PURPOSE = /^[a-z0-9-]{1,32}$/;
const aadOf = (id: string, purpose: string) => Buffer.from(`yinxin-data-key-v1|${id}|${purpose}`, 'utf8');

/**
 * Data keys in the service database, each wrapped with SM4 under the key-encryption key ring.
 * A key is random, not derived from the KEK, so that rotating the KEK (re-wrapping) keeps every
 * blind index and ciphertext readable. Unwrapped keys are cached for the life of the process.
 */
export class SqlDataKeys implements DataKeys {
  readonly #knex: Knex;
  readonly #kek: () => KekRing;
  readonly #clock: Clock;
  readonly #cache = new Map<string, Uint8Array>();
  readonly #current = new Map<string, Promise<{ id: string; key: Uint8Array }>>();

  constructor(knex: Knex, kek: () => KekRing, clock: Clock) {
    this.#knex = knex;
    this.#kek = kek;
    this.#clock = clock;
  }

  current(purpose: string): Promise<{ id: string; key: Uint8Array }> {
    if (!PURPOSE.test(purpose)) throw new RangeError('bad data key purpose');
    let p = this.#current.get(purpose);
    if (!p) {
      p = this.#loadOrCreate(purpose);
      p.catch(() => this.#current.delete(purpose));
      this.#current.set(purpose, p);
    }
    return p;
  }

  async byId(id: string): Promise<Uint8Array | undefined> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await sqlCall(() => this.#knex<{ id: string; purpose: string; wrapped: string }>('data_keys').where({ id }).first());
    return row ? this.#unwrap(row) : undefined;
  }

  async #loadOrCreate(purpose: string): Promise<{ id: string; key: Uint8Array }> {
    const existing = await this.#latest(purpose);
    if (existing) return existing;
    // First id per purpose is fixed, so two processes creating at once collide on the key and
    // the loser reads the winner's key instead of making a second one.
    const id = `${purpose}-1`;
    const kek = this.#kek();
    const key = randomBytes(32);
    const wrapped = Buffer.from(sm4Encrypt(kek.current.id, kek.current.key, key, aadOf(id, purpose))).toString('base64');
    try {
      await sqlCall(() => this.#knex('data_keys').insert({ id, purpose, wrapped, created_at: this.#clock.now().toISOString() }));
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const winner = await this.#latest(purpose);
      if (!winner) throw e;
      return winner;
    }
    this.#cache.set(id, key);
    return { id, key };
  }

  async #latest(purpose: string): Promise<{ id: string; key: Uint8Array } | undefined> {
    const row = await sqlCall(() => this.#knex<{ id: string; purpose: string; wrapped: string }>('data_keys')
      .where({ purpose }).orderBy('created_at', 'desc').orderBy('id', 'desc').first());
    return row ? { id: row.id, key: this.#unwrap(row) } : undefined;
  }

  #unwrap(row: { id: string; purpose: string; wrapped: string }): Uint8Array {
    const key = sm4Decrypt((kid) => this.#kek().get(kid), Buffer.from(row.wrapped, 'base64'), aadOf(row.id, row.purpose));
    this.#cache.set(row.id, key);
    return key;
  }
}
