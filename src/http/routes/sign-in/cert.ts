// Certificate login on the sign-in page (数字证书登录), spoken as JSON by /static/cert-login.js:
//   POST /interaction/:uid/cert/challenge {csrf}                       → {challenge, expiresAt}
//   POST /interaction/:uid/cert {csrf, challenge, certificate, chain?, signature} → {redirect}
// The page hands the challenge to the signing middleware of the USB key on this computer
// (docs/cert-login.md) and posts what it returns. Refusals answer {error: {code, message}}.
// finishSignIn gives a certificate login L4 and never sends it on to the one-time password step:
// the key is something the person holds and unlocks with a PIN, already two factors.
import type { Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.ts';
import { issueCertChallenge } from '../../../services/identity/cert-login-challenge.ts';
import { loginWithCertificate } from '../../../services/identity/cert-login.ts';
import { parse } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { proceedSignIn, proofsNow } from './finish.ts';
import { steps } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

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

export function certLoginRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  const atLogin = (details: Details) => {
    if (details.prompt.name !== 'login') throw new AppError('ERR_CONFLICT', 'this sign-in is past the login step');
  };

  step.form('/cert/challenge', async (req, res, details) => {
    parse(challengeBody, req.body);
    atLogin(details);
    const issued = await issueCertChallenge(deps.cert, { purpose: 'login', interaction: details.uid });
    res.set('Cache-Control', 'no-store').json(issued);
  });

  step.form('/cert', async (req, res, details) => {
    const { csrf: _csrf, ...body } = parse(loginBody, req.body);
    atLogin(details);
    const result = await loginWithCertificate(deps.cert, { ...body, interaction: details.uid }, requestContext(req));
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) }, { json: true });
  });
  return step.router;
}
