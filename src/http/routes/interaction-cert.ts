// Certificate login on the sign-in page (数字证书登录), spoken as JSON by /static/cert-login.js:
//   POST /interaction/:uid/cert/challenge {csrf}                       → {challenge, expiresAt}
//   POST /interaction/:uid/cert {csrf, challenge, certificate, chain?, signature} → {redirect}
// The page hands the challenge to the signing middleware of the USB key on this computer
// (docs/cert-login.md) and posts what it returns. Refusals answer {error: {code, message}}.
// finishSignIn gives a certificate login L4 and never sends it on to the one-time password step:
// the key is something the person holds and unlocks with a PIN, already two factors.
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { issueCertChallenge } from '../../services/identity/cert-login-challenge.ts';
import { loginWithCertificate } from '../../services/identity/cert-login.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';
import { requestContext } from './interaction-support.ts';
import { proceedSignIn, proofsNow } from './interaction-finish.ts';
import { parse } from '../parse.ts';

type Handler = (req: Request, res: Response, details: Details) => Promise<void>;
type WithInteraction = (deps: InteractionDeps, handler: Handler, post: boolean) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

/** Where the page finds the local signing middleware (docs/cert-login.md). */
export const SIGNING_MIDDLEWARE_URL = 'http://127.0.0.1:21061/sign';

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const challengeBody = z.object({ csrf: z.string().max(200) });
const loginBody = z.strictObject({
  csrf: z.string().max(200),
  challenge: z.string().min(1).max(2000),
  certificate: base64.max(16_384),
  chain: z.array(base64.max(16_384)).max(5).optional(),
  signature: base64.max(200),
});

/** Allow the page to reach the signing middleware, and nothing else beyond its own origin. */
export function allowSigningMiddleware(res: Response): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp !== 'string') return;
  const rest = csp.split(';').map((d) => d.trim()).filter((d) => d && !d.startsWith('connect-src'));
  res.setHeader('Content-Security-Policy', [...rest, `connect-src 'self' ${new URL(SIGNING_MIDDLEWARE_URL).origin}`].join(';'));
}

export function certLoginRoutes(deps: InteractionDeps, withInteraction: WithInteraction): Router {
  const router = express.Router();
  const atLogin = (details: Details) => {
    if (details.prompt.name !== 'login') throw new AppError('ERR_CONFLICT', 'this sign-in is past the login step');
  };

  router.post('/interaction/:uid/cert/challenge', withInteraction(deps, async (req, res, details) => {
    parse(challengeBody, req.body);
    atLogin(details);
    const issued = await issueCertChallenge(deps.cert, { purpose: 'login', interaction: details.uid });
    res.set('Cache-Control', 'no-store').json(issued);
  }, true));

  router.post('/interaction/:uid/cert', withInteraction(deps, async (req, res, details) => {
    const { csrf: _csrf, ...body } = parse(loginBody, req.body);
    atLogin(details);
    const result = await loginWithCertificate(deps.cert, { ...body, interaction: details.uid }, requestContext(req));
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) }, { json: true });
  }, true));
  return router;
}
