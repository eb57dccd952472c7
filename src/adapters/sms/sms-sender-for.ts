// Which SMS sender the service uses: the gateway when configured; otherwise, outside production
// only, the development sender that writes codes to the log (how developers sign in).
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';
import { HttpSmsSender } from './http-sms-sender.ts';
import { LogSmsSender } from './log-sms-sender.ts';

export function smsSenderFor(config: Pick<Config, 'env' | 'smsGateway'>, logger: Logger): SmsSender {
  if (config.smsGateway) return new HttpSmsSender(config.smsGateway);
  // loadConfig refuses this already; a configuration made another way must not reach the log either.
  if (config.env === 'production') throw new Error('SMS_GATEWAY_URL is required in production: SMS codes are never written to the log there');
  return new LogSmsSender(logger);
}
