import { createHmac } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';

export interface HttpSmsSenderOptions {
  /** The gateway's endpoint; each message is one POST of `{"phone": …, "text": …}`. */
  url: string;
  /** Shared with the gateway; keys the request signature and never travels itself. */
  secret: string;
  timeoutMs?: number;
}

/**
 * Sends through an HTTP SMS gateway. Each request is signed: `X-Yinxin-Timestamp` (epoch
 * seconds) and `X-Yinxin-Signature` = hex HMAC-SHA256 of `timestamp.body` under the shared
 * secret, so the gateway can refuse forged and replayed requests without the secret ever being
 * sent. Any failure (no answer in time, a non-2xx status) rejects with ERR_STORE_UNAVAILABLE, as
 * the port promises; the gateway's answer goes into the error details, never to the user.
 */
export class HttpSmsSender implements SmsSender {
  readonly #opts: Required<HttpSmsSenderOptions>;

  constructor(opts: HttpSmsSenderOptions) {
    this.#opts = { timeoutMs: 5000, ...opts };
  }

  async send(phone: string, text: string): Promise<void> {
    const body = JSON.stringify({ phone, text });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.#opts.secret).update(`${timestamp}.${body}`).digest('hex');
    let status: number;
    try {
      const res = await fetch(this.#opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-yinxin-timestamp': timestamp, 'x-yinxin-signature': signature },
        body,
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
        redirect: 'error',
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (e) {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'SMS gateway unreachable', { cause: e, details: { backend: 'sms-gateway' } });
    }
    if (status < 200 || status >= 300) {
      throw new AppError('ERR_STORE_UNAVAILABLE', 'SMS gateway refused the message', { details: { backend: 'sms-gateway', status } });
    }
  }
}
