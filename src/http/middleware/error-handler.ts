import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.ts';
import { toHttpError } from '../errors.ts';

/** Errors from express's own body parsers, recognised by their `type`. */
function fromParser(e: unknown): unknown {
  const type = (e as { type?: string } | null)?.type;
  if (type === 'entity.too.large') return new AppError('ERR_PAYLOAD_TOO_LARGE', 'body too large', { cause: e });
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('ERR_VALIDATION', 'body is not valid', { cause: e });
  }
  return e;
}

/** The single error handler: log details, answer `{error: {code, message}}` without internals. */
export function errorHandler(logger: Logger, onError?: (code: string) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = fromParser(err);
    const { status, body } = toHttpError(e);
    onError?.(body.error.code);
    const log = { reqId: req.id, code: body.error.code, err: e instanceof Error ? { name: e.name, message: e.message, details: (e as AppError).details } : String(e) };
    if (status >= 500) logger.error(log, 'request failed');
    else logger.debug(log, 'request rejected');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
  };
}
