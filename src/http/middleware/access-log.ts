import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** A share link's token lets whoever holds it see a licence: it is kept out of the log like a password. */
const CAPABILITY_PATH = /^(\/v\/s\/)[^/]+/;

/**
 * One JSON log line per request. Only the path is logged (in full, as requested, also under a
 * mounted router such as /oidc), never the query string (it can carry codes, tokens or ID
 * numbers), and never bodies or headers.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const path = (req.originalUrl.split('?')[0] as string).replace(CAPABILITY_PATH, '$1[redacted]');
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level]({ reqId: req.id, method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ip: req.ip }, 'request');
    });
    next();
  };
}
