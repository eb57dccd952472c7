// The second factor, when finishSignIn holds for it: administrators at every sign-in, other staff
// when an app asks for a `-mfa` acr (the seal step-up), citizens and legal persons who added an
// authenticator on the account pages at every sign-in. After a password or SMS code,
// a one-time password from an authenticator app; on the first sign-in, enrolment of that app by QR
// code. The first factor's result waits in the shared store (held-login.ts) until the code is right.
//   GET/POST /interaction/:uid/totp
import type { Request, Response, Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError, isAppError } from '../../../domain/errors.ts';
import { heldLogin, releaseHeldLogin } from '../../../services/identity/held-login.ts';
import { startTotpEnrolment } from '../../../services/identity/start-totp-enrolment.ts';
import { verifyTotp } from '../../../services/identity/verify-totp.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { totpPage } from '../../views/pages.ts';
import { pageOptions } from '../../views/prefs.ts';
import { proceedSignIn } from './finish.ts';
import { csrfToken, interactionPath, steps } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

const totpForm = z.object({ otp: z.string().regex(/^\d{6}$/) });

export function totpRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  const render = async (req: Request, res: Response, details: Details, accountId: string, error: string | null, status = 200) => {
    const opts = pageOptions(req, res, (t) => t.totpHeading);
    const account = await deps.identity.accounts.findById(accountId);
    let enrol: { qrDataUrl: string; secret: string } | null = null;
    if (account && !account.totpSealed) {
      const { uri, secret } = await startTotpEnrolment(deps.identity, accountId);
      enrol = { qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }), secret };
    }
    res.status(status).set('Cache-Control', 'no-store').type('html')
      .send(totpPage(opts, { action: interactionPath(details.uid, '/totp'), csrf: csrfToken(deps.secret, details.uid), error, enrol }));
  };

  step.page('/totp', async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid);
    if (!held) return res.redirect(303, interactionPath(details.uid));
    await render(req, res, details, held.accountId, null);
  });

  // The right code adds `otp` to the held sign-in's proofs, and finishSignIn decides again.
  step.form('/totp', async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid);
    if (!held) return res.redirect(303, interactionPath(details.uid));
    const t = pageOptions(req, res, (m) => m.totpHeading).t;
    const form = parseForm(totpForm, req.body);
    if (!form) return render(req, res, details, held.accountId, t.invalid, 400);
    try {
      await verifyTotp(deps.identity, { accountId: held.accountId, code: form.otp }, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_UNAUTHENTICATED') && !isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      const locked = isAppError(e, 'ERR_RATE_LIMITED');
      return render(req, res, details, held.accountId, locked ? t.locked : t.badTotp, locked ? 429 : 401);
    }
    const released = await releaseHeldLogin(deps.identity.kv, details.uid);
    if (!released) return res.redirect(303, interactionPath(details.uid));
    const account = await deps.identity.accounts.findById(released.accountId);
    if (!account) throw new AppError('ERR_UNAUTHENTICATED', 'account vanished during sign-in');
    const at = Math.floor(deps.identity.clock.now().getTime() / 1000);
    await proceedSignIn(deps, req, res, details, { account, proofs: [...released.proofs, { method: 'otp', at }], channelAcr: released.channelAcr ?? null });
  });
  return step.router;
}
