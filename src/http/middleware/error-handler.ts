import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.ts';
import { toHttpError } from '../errors.ts';
import { errorPage } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { setBearerChallenge } from './require-caller.ts';

const READ_FAILURES = new Set(['entity.parse.failed', 'request.size.invalid', 'request.aborted', 'stream.encoding.set', 'stream.not.readable']);

/**
 * Errors of reading the request itself, before any route code: express's body parsers (known by
 * their `type`), a body that does not inflate as its Content-Encoding says (zlib's error passed
 * on with a 4xx status and no type), and the router's percent-decoding of path parameters (a
 * URIError with status 400).
 */
export function fromRequestReading(e: unknown, req: Request): unknown {
  if (e instanceof AppError) return e;
  const err = e as { type?: string; status?: number; name?: string } | null;
  const type = err?.type;
  if (type === 'entity.too.large') return new AppError('ERR_PAYLOAD_TOO_LARGE', 'body too large', { cause: e });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'unsupported content or character encoding', { cause: e });
  }
  if (type !== undefined && READ_FAILURES.has(type)) return new AppError('ERR_VALIDATION', 'body is not valid', { cause: e });
  const clientError = typeof err?.status === 'number' && err.status >= 400 && err.status < 500;
  if (clientError && err?.name === 'URIError') return new AppError('ERR_BAD_URL', 'malformed percent-encoding in the path', { cause: e });
  const encoded = (req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
  if (clientError && encoded && type === undefined) return new AppError('ERR_BAD_CONTENT_ENCODING', 'the body does not inflate', { cause: e });
  return e;
}

/**
 * The single error handler: log details, answer `{error: {code, message}}` without internals; a
 * browser navigating to a page (it asks for HTML before JSON) gets the same as a page saying what
 * to do, with the request's reference.
 */
export function errorHandler(logger: Logger, onError?: (code: string) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = fromRequestReading(err, req);
    const { status, body } = toHttpError(e);
    onError?.(body.error.code);
    const log = { reqId: req.id, code: body.error.code, err: e instanceof Error ? { name: e.name, message: e.message, details: (e as AppError).details } : String(e) };
    if (status >= 500) logger.error(log, 'request failed');
    else logger.debug(log, 'request rejected');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    setBearerChallenge(res, e);
    if (req.accepts(['json', 'html']) === 'html') {
      res.status(status).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), body.error.code, status));
      return;
    }
    res.status(status).json(body);
  };
}
