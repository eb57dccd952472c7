import type { Logger } from 'pino';
import type { SmsSender } from '../../ports/sms-sender.ts';

/**
 * Development sender: writes the message to the log instead of a gateway, so codes can be read
 * from the console. Never selected in production (see sms-sender-for.ts).
 */
export class LogSmsSender implements SmsSender {
  readonly #logger: Logger;
  /** The last message per phone, for tests that read the code back. */
  readonly sent = new Map<string, string>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  async send(phone: string, text: string): Promise<void> {
    this.sent.set(phone, text);
    // The phone is masked by the logger's redaction; the text is the point of this sender.
    this.#logger.warn({ phone, smsText: text }, 'development SMS (not sent)');
  }
}
