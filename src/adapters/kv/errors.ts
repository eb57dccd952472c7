/**
 * The key-value backend did not answer (down, unreachable, too slow, or closed). Callers should
 * treat the request as temporarily unservable (HTTP 503), never as "key absent".
 */
export class KvUnavailableError extends Error {
  readonly code = 'ERR_KV_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KvUnavailableError';
  }
}
