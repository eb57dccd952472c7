// The one reader of bearer tokens for yinxin's own APIs. It takes the token from the
// Authorization header, asks the route's reader who it stands for, and keeps the answer for the
// handler; a refusal here or later in the request gets its WWW-Authenticate challenge from
// `http/errors.ts` (the error handler sets it), naming the scope the API needs.
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors.ts';
import { bearerChallenge } from '../errors.ts';

const BEARER = /^Bearer ([^\s]+)$/i;

interface BearerState {
  scope: string | null;
  presented: boolean;
  caller: unknown;
}

/**
 * A live token is required (401 without one); with `optional`, a request without an Authorization
 * header goes on as anonymous, while a presented token must still be live. `scope` is the one the
 * API needs, named in the challenge (null for an API that checks rights other than a scope).
 */
export function requireCaller<C>(scope: string | null, read: (token: string) => Promise<C | null>, opts: { optional?: boolean } = {}): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    const state: BearerState = { scope, presented: header !== undefined, caller: null };
    res.locals.bearer = state;
    // Answers depend on who asks: never kept by a cache.
    res.set('Cache-Control', 'no-store');
    if (header === undefined) {
      if (opts.optional) next();
      else next(new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required'));
      return;
    }
    const m = BEARER.exec(header);
    if (!m) {
      next(new AppError('ERR_UNAUTHENTICATED', 'the Authorization header is not a bearer token'));
      return;
    }
    read(m[1] as string).then((caller) => {
      if (caller === null) {
        next(new AppError('ERR_UNAUTHENTICATED', 'the access token is not valid'));
        return;
      }
      state.caller = caller;
      next();
    }, next);
  };
}

/** The caller `requireCaller` found for this request; null for an anonymous one. */
export function callerOf<C>(res: Response): C | null {
  return ((res.locals.bearer as BearerState | undefined)?.caller as C | undefined) ?? null;
}

/** Sets the challenge for a refusal of a request that went through `requireCaller`. */
export function setBearerChallenge(res: Response, e: unknown): void {
  const state = res.locals.bearer as BearerState | undefined;
  if (state === undefined) return;
  const header = bearerChallenge(e, state.scope, state.presented);
  if (header !== null) res.set('WWW-Authenticate', header);
}
