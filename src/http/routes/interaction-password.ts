// A sign-in with an initial password (issued by an administrator or an import) waits, held in
// the shared store (held-login.ts, by interaction-finish.ts), until the holder has chosen a new
// password; then it goes on as any password sign-in would (finishSignIn decides again).
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isAppError } from '../../domain/errors.ts';
import { heldLogin, releaseHeldLogin } from '../../services/identity/held-login.ts';
import { replaceInitialPassword } from '../../services/identity/replace-initial-password.ts';
import { passwordChangePage } from '../views/password-change-page.ts';
import type { PasswordChangeMessage } from '../views/password-change-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { csrfToken, requestContext } from './interaction-support.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';
import type { SignInSoFar } from './interaction-finish.ts';

const STEP = 'password';
const form = z.object({ password: z.string().min(1).max(256), confirm: z.string().max(256) });

export const passwordPath = (uid: string) => `/interaction/${uid}/password`;

function render(deps: InteractionDeps, req: Request, res: Response, details: Details, error: PasswordChangeMessage | null, status = 200): void {
  const o = pageOptions(req, res, (t) => t.login);
  res.status(status).set('Cache-Control', 'no-store').type('html')
    .send(passwordChangePage(o, { action: passwordPath(details.uid), csrf: csrfToken(deps.secret, details.uid), error }));
}

export const passwordRoutes = {
  async show(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
    if (!(await heldLogin(deps.identity.kv, details.uid, STEP))) {
      res.redirect(303, `/interaction/${details.uid}`);
      return;
    }
    render(deps, req, res, details, null);
  },

  /** Store the new password; the held sign-in with it, or null when a page was sent instead. */
  async submit(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<SignInSoFar | null> {
    const held = await heldLogin(deps.identity.kv, details.uid, STEP);
    if (!held) {
      res.redirect(303, `/interaction/${details.uid}`);
      return null;
    }
    const input = form.safeParse(req.body);
    if (!input.success) {
      render(deps, req, res, details, 'invalid', 400);
      return null;
    }
    try {
      await replaceInitialPassword(deps.identity, { accountId: held.accountId, ...input.data }, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_VALIDATION')) throw e;
      const code = ((e.details as { issues?: { code?: string }[] } | undefined)?.issues?.[0]?.code ?? 'invalid') as PasswordChangeMessage;
      render(deps, req, res, details, code, 400);
      return null;
    }
    const released = await releaseHeldLogin(deps.identity.kv, details.uid, STEP);
    const account = released ? await deps.identity.accounts.findById(released.accountId) : null;
    if (!released || !account) {
      res.redirect(303, `/interaction/${details.uid}`);
      return null;
    }
    return { account, proofs: released.proofs, channelAcr: released.channelAcr ?? null };
  },
};
