// The real-name check inside a sign-in (实名核验), when an app asks for L2 of an L1 citizen:
// finishSignIn holds the sign-in for it (finish.ts keeps it in the shared store, held-login.ts),
// or the login page links here for a browser already signed in as that citizen.
//   GET/POST /interaction/:uid/real-name
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { heldLogin, holdLogin, releaseHeldLogin } from '../../../services/identity/held-login.ts';
import { verifyRealName } from '../../../services/identity/verify-real-name.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { registerMessages } from '../../views/register-i18n.ts';
import { realNamePage } from '../../views/register-pages.ts';
import { pageOptions } from '../../views/prefs.ts';
import { decide, proceedSignIn } from './finish.ts';
import { csrfToken, interactionPath, steps } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

const realNameForm = z.object({ name: z.string().max(64), idNumber: z.string().max(32) });

const REAL_NAME_STEP = 'real-name';

/**
 * An app asks for L2 of a browser already signed in as an L1 citizen: the session's sign-in may go
 * straight to the real-name check (linked from the login page) instead of signing in again.
 */
async function holdSessionForRealName(deps: InteractionDeps, details: Details): Promise<{ accountId: string } | null> {
  const session = details.session;
  if (details.prompt.name !== 'login' || !details.prompt.reasons.includes('acr_step_up') || !session?.accountId || !session.cookie) return null;
  const account = await deps.identity.accounts.findById(session.accountId);
  if (!account || account.status !== 'active') return null;
  // The session's own sign-in, as proven when it was made (max_age applies to it).
  const stored = await (await deps.provider()).Session.find(session.cookie);
  if (stored?.accountId !== account.id || typeof stored.loginTs !== 'number') return null;
  const at = stored.loginTs;
  const proofs = (Array.isArray(session.amr) ? session.amr.map(String) : []).map((method) => ({ method, at, earlier: true }));
  const outcome = decide(deps, details, { account, proofs });
  if (outcome.kind !== 'hold' || outcome.hold !== 'real_name') return null;
  await holdLogin(deps.identity.kv, details.uid, { accountId: account.id, proofs }, REAL_NAME_STEP);
  return { accountId: account.id };
}

export function realNameRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  const renderRealName = async (req: Request, res: Response, details: Details, accountId: string, error: string | null, status = 200) => {
    const opts = pageOptions(req, res, (t) => t.login);
    const account = await deps.identity.accounts.findById(accountId);
    res.status(status).set('Cache-Control', 'no-store').type('html').send(realNamePage(opts, {
      action: interactionPath(details.uid, '/real-name'), csrf: csrfToken(deps.secret, details.uid), name: account?.name ?? '', error,
    }));
  };

  step.page('/real-name', async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid, REAL_NAME_STEP) ?? await holdSessionForRealName(deps, details);
    if (!held) return res.redirect(303, interactionPath(details.uid));
    await renderRealName(req, res, details, held.accountId, null);
  });

  step.form('/real-name', async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid, REAL_NAME_STEP);
    if (!held) return res.redirect(303, interactionPath(details.uid));
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = parseForm(realNameForm, req.body);
    if (!form) return renderRealName(req, res, details, held.accountId, t.invalid, 400);
    let account;
    try {
      account = await verifyRealName({ ...deps.identity, realName: deps.realName }, held.accountId, form, requestContext(req));
    } catch (e) {
      const known: [Parameters<typeof isAppError>[1], string, number][] = [
        ['ERR_VALIDATION', t.invalid, 400], ['ERR_REAL_NAME_MISMATCH', t.mismatch, 422], ['ERR_ID_NUMBER_TAKEN', t.taken, 409],
        ['ERR_RATE_LIMITED', t.locked, 429], ['ERR_STORE_UNAVAILABLE', t.unavailable, 503], ['ERR_FORBIDDEN', t.notCitizen, 403],
      ];
      const hit = known.find(([code]) => isAppError(e, code));
      if (!hit) throw e;
      return renderRealName(req, res, details, held.accountId, hit[1], hit[2]);
    }
    const released = await releaseHeldLogin(deps.identity.kv, details.uid, REAL_NAME_STEP);
    if (!released) return res.redirect(303, interactionPath(details.uid));
    await proceedSignIn(deps, req, res, details, { account, proofs: released.proofs, channelAcr: released.channelAcr ?? null });
  });

  return step.router;
}
