// One POST of JSON to a partner service (SMS gateway, the province's real-name service), signed
// so that the partner can refuse forged and replayed requests without the secret ever being sent:
// `X-Yinxin-Timestamp` (epoch seconds) and `X-Yinxin-Signature` = hex HMAC-SHA256 of
// `timestamp.body` under the shared secret. No redirects are followed. A request that gets no
// answer in time (or none at all) is ERR_STORE_UNAVAILABLE naming the backend.
import { createHmac } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';

export interface SignedPostTarget {
  url: string;
  secret: string;
  timeoutMs: number;
  /** Named in errors and their details: `sms-gateway`, `real-name`. */
  backend: string;
}

export async function signedPost(target: SignedPostTarget, payload: unknown): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', target.secret).update(`${timestamp}.${body}`).digest('hex');
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-yinxin-timestamp': timestamp, 'x-yinxin-signature': signature },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'error',
    });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    throw new AppError('ERR_STORE_UNAVAILABLE', `${target.backend} unreachable`, { cause: e, details: { backend: target.backend } });
  }
}
