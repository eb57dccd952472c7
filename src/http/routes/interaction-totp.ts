// The second factor for staff, when finishSignIn holds for it: administrators at every sign-in,
// other staff when an app asks for a `-mfa` acr (the seal step-up). After a password or SMS code,
// a one-time password from an authenticator app; on the first sign-in, enrolment of that app by QR
// code. The first factor's result waits in the shared store (held-login.ts) until the code is right.
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { isAppError } from '../../domain/errors.ts';
import { heldLogin, releaseHeldLogin } from '../../services/identity/held-login.ts';
import type { HeldLogin } from '../../services/identity/held-login.ts';
import { startTotpEnrolment } from '../../services/identity/start-totp-enrolment.ts';
import { verifyTotp } from '../../services/identity/verify-totp.ts';
import { totpPage } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { csrfToken, requestContext } from './interaction-support.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';

const totpForm = z.object({ otp: z.string().regex(/^\d{6}$/) });

export const totpPath = (uid: string) => `/interaction/${uid}/totp`;

async function render(deps: InteractionDeps, req: Request, res: Response, details: Details, accountId: string, error: string | null, status = 200): Promise<void> {
  const opts = pageOptions(req, res, (t) => t.totpHeading);
  const account = await deps.identity.accounts.findById(accountId);
  let enrol: { qrDataUrl: string; secret: string } | null = null;
  if (account && !account.totpSealed) {
    const { uri, secret } = await startTotpEnrolment(deps.identity, accountId);
    enrol = { qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }), secret };
  }
  res.status(status).set('Cache-Control', 'no-store').type('html')
    .send(totpPage(opts, { action: totpPath(details.uid), csrf: csrfToken(deps.secret, details.uid), error, enrol }));
}

export const totpRoutes = {
  async show(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
    const held = await heldLogin(deps.identity.kv, details.uid);
    if (!held) {
      res.redirect(303, `/interaction/${details.uid}`);
      return;
    }
    await render(deps, req, res, details, held.accountId, null);
  },

  /** Check the code; on success hand back the held sign-in with `otp` added to its proofs. */
  async submit(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<HeldLogin | null> {
    const held = await heldLogin(deps.identity.kv, details.uid);
    if (!held) {
      res.redirect(303, `/interaction/${details.uid}`);
      return null;
    }
    const t = pageOptions(req, res, (m) => m.totpHeading).t;
    const form = totpForm.safeParse(req.body);
    if (!form.success) {
      await render(deps, req, res, details, held.accountId, t.invalid, 400);
      return null;
    }
    try {
      await verifyTotp(deps.identity, { accountId: held.accountId, code: form.data.otp }, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_UNAUTHENTICATED') && !isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      const locked = isAppError(e, 'ERR_RATE_LIMITED');
      await render(deps, req, res, details, held.accountId, locked ? t.locked : t.badTotp, locked ? 429 : 401);
      return null;
    }
    const released = await releaseHeldLogin(deps.identity.kv, details.uid);
    if (!released) {
      res.redirect(303, `/interaction/${details.uid}`);
      return null;
    }
    const at = Math.floor(deps.identity.clock.now().getTime() / 1000);
    return { ...released, proofs: [...released.proofs, { method: 'otp', at }] };
  },
};
