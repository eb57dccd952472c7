// oidc-provider storage over the KvStore port, so that sessions, codes and tokens live in Redis
// (or the embedded SQL store) and any service process can continue what another one started.
//
// Keys: `oidc:<Model>:<id>` holds `{p: payload, x: expiry in epoch seconds | null}`;
// `oidc:uid:<uid>` and `oidc:usercode:<code>` point to a session or device code id;
// `oidc:grant:<grantId>` is a set of the keys of every token issued under that grant;
// `oidc:account-sessions:<accountId>` and `oidc:account-grants:<accountId>` are sets of the ids of
// an account's sessions and grants, so that all of them can be ended (account-sessions.ts).
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../ports/clock.ts';
import type { KvStore } from '../ports/kv-store.ts';

/** Models whose records belong to a grant and go when the grant is revoked. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** Models whose records have pointers to them (`uid` of a session, `userCode` of a device flow). */
const INDEXED = new Set(['Session', 'DeviceCode']);

interface Stored {
  p: AdapterPayload;
  x: number | null;
}

const PREFIX = 'oidc:';
const uidKey = (uid: string) => `${PREFIX}uid:${uid}`;
const userCodeKey = (code: string) => `${PREFIX}usercode:${code}`;
const grantKey = (grantId: string) => `${PREFIX}grant:${grantId}`;
export const accountSessionsKey = (accountId: string) => `${PREFIX}account-sessions:${accountId}`;
export const accountGrantsKey = (accountId: string) => `${PREFIX}account-grants:${accountId}`;

/** Whole seconds for the store (which refuses 0 and fractions); undefined keeps the entry. */
function ttlOf(expiresIn: number | undefined): number | undefined {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) return undefined;
  return Math.max(1, Math.ceil(expiresIn));
}

function parse(text: string | null): Stored | undefined {
  if (text === null) return undefined;
  return JSON.parse(text) as Stored;
}

/** One model's storage; oidc-provider makes one instance per model name. */
export class KvAdapter implements Adapter {
  readonly #model: string;
  readonly #kv: KvStore;
  readonly #clock: Clock;

  constructor(model: string, kv: KvStore, clock: Clock) {
    this.#model = model;
    this.#kv = kv;
    this.#clock = clock;
  }

  #key(id: string): string {
    return `${PREFIX}${this.#model}:${id}`;
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.#key(id);
    const ttl = ttlOf(expiresIn);
    const stored: Stored = { p: payload, x: ttl === undefined ? null : this.#nowSeconds() + ttl };
    const writes: Promise<void>[] = [this.#kv.set(key, JSON.stringify(stored), ttl)];
    if (this.#model === 'Session' && payload.uid) writes.push(this.#kv.set(uidKey(payload.uid), id, ttl));
    if (payload.userCode) writes.push(this.#kv.set(userCodeKey(payload.userCode), id, ttl));
    if (GRANTABLE.has(this.#model) && payload.grantId) writes.push(this.#kv.setAdd(grantKey(payload.grantId), key, ttl));
    if (typeof payload.accountId === 'string') {
      if (this.#model === 'Session') writes.push(this.#kv.setAdd(accountSessionsKey(payload.accountId), id, ttl));
      if (this.#model === 'Grant') writes.push(this.#kv.setAdd(accountGrantsKey(payload.accountId), id, ttl));
    }
    await Promise.all(writes);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return parse(await this.#kv.get(this.#key(id)))?.p;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = await this.#kv.get(uidKey(uid));
    return id === null ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = await this.#kv.get(userCodeKey(userCode));
    return id === null ? undefined : this.find(id);
  }

  /** Mark as used, keeping the record (and its expiry) so that a second use can be detected. */
  async consume(id: string): Promise<void> {
    const key = this.#key(id);
    const stored = parse(await this.#kv.get(key));
    if (!stored) return;
    stored.p.consumed = this.#nowSeconds();
    const ttl = stored.x === null ? undefined : stored.x - this.#nowSeconds();
    if (ttl !== undefined && ttl <= 0) return;
    await this.#kv.set(key, JSON.stringify(stored), ttl);
  }

  async destroy(id: string): Promise<void> {
    const key = this.#key(id);
    // Only sessions and device codes have pointers to drop; other records go in one call.
    if (!INDEXED.has(this.#model)) return this.#kv.delete(key);
    const stored = parse(await this.#kv.get(key));
    await this.#kv.delete(key);
    if (stored) await this.#dropIndexes(id, stored.p);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const set = grantKey(grantId);
    const keys = await this.#kv.setMembers(set);
    await Promise.all(keys.map((k) => this.#kv.delete(k)));
    await this.#kv.delete(set);
  }

  /** Remove the uid and user-code pointers when they still point at this record. */
  async #dropIndexes(id: string, payload: AdapterPayload): Promise<void> {
    for (const index of [payload.uid && this.#model === 'Session' ? uidKey(payload.uid) : null, payload.userCode ? userCodeKey(payload.userCode) : null]) {
      if (index && (await this.#kv.get(index)) === id) await this.#kv.delete(index);
    }
  }
}

/** The adapter factory oidc-provider takes as `adapter`. */
export function kvAdapterFactory(kv: KvStore, clock: Clock): (model: string) => Adapter {
  return (model) => new KvAdapter(model, kv, clock);
}
