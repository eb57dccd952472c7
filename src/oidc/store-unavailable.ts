// oidc-provider answers any error it does not know with 500 `server_error`. A store that cannot
// be reached (Redis or the database down or silent: ERR_STORE_UNAVAILABLE from the adapters) is
// not a fault of the server but a passing condition, which OAuth names `temporarily_unavailable`:
// the provider's storage and account lookups turn it into that error, with status 503, so apps
// and people are told to try again, and the next request after the store returns succeeds.
import { errors } from 'oidc-provider';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { isAppError } from '../domain/errors.ts';

export function temporarilyUnavailable(cause: unknown): Error {
  const e = new errors.TemporarilyUnavailable('a backing store is unavailable; try again shortly', { cause });
  // Still exposed (built as a 400): only the status changes.
  return Object.assign(e, { status: 503, statusCode: 503 });
}

/** Runs a store call, turning ERR_STORE_UNAVAILABLE into `temporarily_unavailable`. */
export async function orUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    throw isAppError(e, 'ERR_STORE_UNAVAILABLE') ? temporarilyUnavailable(e) : e;
  }
}

/** An adapter whose store failures reach the provider as `temporarily_unavailable`. */
export class UnavailableAs503 implements Adapter {
  readonly #inner: Adapter;

  constructor(inner: Adapter) {
    this.#inner = inner;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    return orUnavailable(Promise.resolve(this.#inner.upsert(id, payload, expiresIn)));
  }
  find(id: string): Promise<AdapterPayload | undefined | void> {
    return orUnavailable(Promise.resolve(this.#inner.find(id)));
  }
  findByUserCode(userCode: string): Promise<AdapterPayload | undefined | void> {
    return orUnavailable(Promise.resolve(this.#inner.findByUserCode(userCode)));
  }
  findByUid(uid: string): Promise<AdapterPayload | undefined | void> {
    return orUnavailable(Promise.resolve(this.#inner.findByUid(uid)));
  }
  consume(id: string): Promise<void> {
    return orUnavailable(Promise.resolve(this.#inner.consume(id)));
  }
  destroy(id: string): Promise<void> {
    return orUnavailable(Promise.resolve(this.#inner.destroy(id)));
  }
  revokeByGrantId(grantId: string): Promise<void> {
    return orUnavailable(Promise.resolve(this.#inner.revokeByGrantId(grantId)));
  }
}
