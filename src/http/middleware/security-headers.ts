// helmet's security headers, worked out once instead of on every request.
//
// With fixed options (no per-request nonces) helmet sets the same headers on every response, yet
// runs its dozen middlewares in a chain each time; on the token endpoint that chain was a visible
// share of the work. The headers it sets are captured once at start and copied onto each
// response: the same headers, the same values, whatever helmet's version decides.
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type HelmetOptions = Parameters<typeof helmet>[0];

export function securityHeaders(options: HelmetOptions) {
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const probe = {
    setHeader(name: string, value: string) { headers.push([name, String(value)]); },
    removeHeader(name: string) { removed.push(name); },
  };
  let done = false;
  helmet(options)({} as never, probe as never, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet is synchronous with static options; anything else would make the capture wrong.
  if (!done) throw new Error('security headers could not be worked out once');
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
