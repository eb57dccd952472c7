import { AppError } from '../../domain/errors.ts';
import { signedPost } from '../partners/signed-post.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';

export interface HttpSmsSenderOptions {
  /** The gateway's endpoint; each message is one POST of `{"phone": …, "text": …}`. */
  url: string;
  /** Shared with the gateway; keys the request signature and never travels itself. */
  secret: string;
  timeoutMs?: number;
}

/**
 * Sends through an HTTP SMS gateway, each request signed (partners/signed-post.ts) so that the
 * gateway can refuse forged and replayed requests without the secret ever being sent. Any
 * failure (no answer in time, a non-2xx status) rejects with ERR_STORE_UNAVAILABLE, as the port
 * promises; the gateway's answer goes into the error details, never to the user.
 */
export class HttpSmsSender implements SmsSender {
  readonly #opts: Required<HttpSmsSenderOptions>;

  constructor(opts: HttpSmsSenderOptions) {
    this.#opts = { timeoutMs: 5000, ...opts };
  }

  async send(phone: string, text: string): Promise<void> {
    const { status } = await signedPost({ ...this.#opts, backend: 'sms-gateway' }, { phone, text });
    if (status < 200 || status >= 300) {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'SMS gateway refused the message', { details: { backend: 'sms-gateway', status } });
    }
  }
}
