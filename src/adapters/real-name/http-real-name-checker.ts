import { AppError } from '../../domain/errors.ts';
import { signedPost } from '../partners/signed-post.ts';
import type { RealNameChecker } from '../../ports/real-name-checker.ts';

export interface HttpRealNameCheckerOptions {
  /** The province's check endpoint; each check is one POST of `{"name": …, "idNumber": …}`. */
  url: string;
  /** Shared with the service; keys the request signature and never travels itself. */
  secret: string;
  timeoutMs?: number;
}

/**
 * Asks the province's real-name service. Requests are signed like the SMS gateway's (partners/signed-post.ts). The service answers 200 with `{"match": true|false}`. Anything else (no
 * answer in time, another status, another body) is ERR_STORE_UNAVAILABLE: a check that could not
 * be made is never taken for a mismatch or a match.
 */
export class HttpRealNameChecker implements RealNameChecker {
  readonly #opts: Required<HttpRealNameCheckerOptions>;

  constructor(opts: HttpRealNameCheckerOptions) {
    this.#opts = { timeoutMs: 5000, ...opts };
  }

  async check(name: string, idNumber: string): Promise<boolean> {
    const { status, text } = await signedPost({ ...this.#opts, backend: 'real-name' }, { name, idNumber });
    let answer: unknown;
    try { answer = JSON.parse(text); } catch { answer = undefined; }
    const match = (answer as { match?: unknown } | null | undefined)?.match;
    if (status !== 200 || typeof match !== 'boolean') {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'real-name service gave no answer', { details: { backend: 'real-name', status } });
    }
    return match;
  }
}
