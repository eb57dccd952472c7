// A sign-in with an initial password (issued by an administrator or an import) waits, held in
// the shared store (held-login.ts, by finish.ts), until the holder has chosen a new password;
// then it goes on as any password sign-in would (finishSignIn decides again).
//   GET/POST /interaction/:uid/password   the new-password page
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { heldLogin, releaseHeldLogin } from '../../../services/identity/held-login.ts';
import { replaceInitialPassword } from '../../../services/identity/replace-initial-password.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { passwordChangePage } from '../../views/password-change-page.ts';
import type { PasswordChangeMessage } from '../../views/password-change-page.ts';
import { pageOptions } from '../../views/prefs.ts';
import { proceedSignIn } from './finish.ts';
import { csrfToken, interactionPath, steps } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

const STEP = 'password';
const form = z.object({ password: z.string().min(1).max(256), confirm: z.string().max(256) });

export function passwordRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  const render = (req: Request, res: Response, details: Details, error: PasswordChangeMessage | null, status = 200) => {
    const o = pageOptions(req, res, (t) => t.login);
    res.status(status).set('Cache-Control', 'no-store').type('html')
      .send(passwordChangePage(o, { action: interactionPath(details.uid, '/password'), csrf: csrfToken(deps.secret, details.uid), error }));
  };

  step.page('/password', async (req, res, details) => {
    if (!(await heldLogin(deps.identity.kv, details.uid, STEP))) return res.redirect(303, interactionPath(details.uid));
    render(req, res, details, null);
  });

  step.form('/password', async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid, STEP);
    if (!held) return res.redirect(303, interactionPath(details.uid));
    const input = parseForm(form, req.body);
    if (!input) return render(req, res, details, 'invalid', 400);
    try {
      await replaceInitialPassword(deps.identity, { accountId: held.accountId, ...input }, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_VALIDATION')) throw e;
      const code = ((e.details as { issues?: { code?: string }[] } | undefined)?.issues?.[0]?.code ?? 'invalid') as PasswordChangeMessage;
      return render(req, res, details, code, 400);
    }
    const released = await releaseHeldLogin(deps.identity.kv, details.uid, STEP);
    const account = released ? await deps.identity.accounts.findById(released.accountId) : null;
    if (!released || !account) return res.redirect(303, interactionPath(details.uid));
    await proceedSignIn(deps, req, res, details, { account, proofs: released.proofs, channelAcr: released.channelAcr ?? null });
  });
  return step.router;
}
