// The service's JSON logger. Two layers keep secrets out of every line, whoever writes it:
// fields that hold secrets or personal data by name are censored before serialisation, and each
// finished line is searched for the values of every setting the config schema marks secret
// (config/redact.ts) and for full resident ID numbers, whatever field or message carries them.
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { needlesFor, redactText } from '../../config/redact.ts';
import type { Config } from '../../config/schema.ts';

const CENSORED_FIELDS = [
  'password', 'newPassword', 'secret', 'clientSecret', 'client_secret', 'token', 'access_token', 'refresh_token', 'id_token',
  'authorization', 'cookie', 'otp', 'totp', 'smsCode', 'idNumber', 'id_card', 'phone',
];

export function createLogger(config: Pick<Config, 'logLevel' | 'secretValues'>, destination?: DestinationStream): Logger {
  const needles = needlesFor(config.secretValues());
  const options = {
    level: config.logLevel,
    base: { service: 'yinxin' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: CENSORED_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    hooks: { streamWrite: (line: string) => redactText(line, needles) },
  };
  // Written synchronously to stdout: pino's default asynchronous stdout flushes at exit in a loop
  // that never ends once the pipe's reader has gone (EPIPE), so a stop by SIGTERM hung there.
  // A synchronous write sees the EPIPE at once, and pino then drops further lines.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
