// Self-registration and the real-name check inside a sign-in (`/interaction/:uid/...`).
//   GET  register            the registration page (linked from the login page)
//   POST register/send       text a registration code (same answer for registered numbers)
//   POST register            create the citizen at L1 and sign them in
//   GET/POST real-name       the real-name check, when an app asks for L2 of an L1 citizen
// A sign-in that must pass the real-name check first waits in the shared store (held-login.ts);
// finishSignIn decides when (interaction-finish.ts).
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../domain/errors.ts';
import { heldLogin, holdLogin, releaseHeldLogin } from '../../services/identity/held-login.ts';
import type { LoginResult } from '../../services/identity/login-with-password.ts';
import { registerCitizen } from '../../services/identity/register-citizen.ts';
import { sendRegistrationCode } from '../../services/identity/send-registration-code.ts';
import { verifyRealName } from '../../services/identity/verify-real-name.ts';
import { registerMessages } from '../views/register-i18n.ts';
import { realNamePage, registerPage } from '../views/register-pages.ts';
import type { RegisterView } from '../views/register-pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { csrfToken, requestContext } from './interaction-support.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';
import { decide, proceedSignIn, proofsNow } from './interaction-finish.ts';

type Handler = (req: Request, res: Response, details: Details) => Promise<void>;
type WithInteraction = (deps: InteractionDeps, handler: Handler, post: boolean) => (req: Request, res: Response, next: NextFunction) => Promise<void>;

const phone = z.string().regex(/^1[3-9]\d{9}$/);
const sendForm = z.object({ phone });
const registerForm = z.object({
  phone,
  code: z.string().regex(/^\d{6}$/),
  name: z.string().max(64),
  password: z.string().max(256),
  idNumber: z.string().max(32).optional(),
});
const realNameForm = z.object({ name: z.string().max(64), idNumber: z.string().max(32) });

const REAL_NAME_STEP = 'real-name';
export const registerPath = (uid: string) => `/interaction/${uid}/register`;
const realNamePath = (uid: string) => `/interaction/${uid}/real-name`;

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

export function registrationRoutes(deps: InteractionDeps, withInteraction: WithInteraction): Router {
  const router = express.Router();

  const renderRegister = (req: Request, res: Response, details: Details, extra: Partial<RegisterView> & { status?: number } = {}) => {
    const opts = pageOptions(req, res, (t) => t.login);
    res.status(extra.status ?? 200).set('Cache-Control', 'no-store').type('html').send(registerPage(opts, {
      sendAction: `${registerPath(details.uid)}/send`,
      action: registerPath(details.uid),
      loginHref: `/interaction/${details.uid}`,
      csrf: csrfToken(deps.secret, details.uid),
      phone: extra.phone ?? '',
      name: extra.name ?? '',
      error: extra.error ?? null,
      notice: extra.notice ?? null,
    }));
  };
  // Registration belongs to the sign-in step; later steps go back to the interaction page.
  const atLogin = (handler: Handler) => async (req: Request, res: Response, details: Details) => {
    if (details.prompt.name !== 'login') return res.redirect(303, `/interaction/${details.uid}`);
    return handler(req, res, details);
  };

  router.get('/interaction/:uid/register', withInteraction(deps, atLogin(async (req, res, details) => renderRegister(req, res, details)), false));

  router.post('/interaction/:uid/register/send', withInteraction(deps, atLogin(async (req, res, details) => {
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = sendForm.safeParse(req.body);
    if (!form.success) return renderRegister(req, res, details, { error: t.invalid, status: 400 });
    try {
      await sendRegistrationCode(deps.identity, form.data.phone, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      return renderRegister(req, res, details, { phone: form.data.phone, error: t.locked, status: 429 });
    }
    return renderRegister(req, res, details, { phone: form.data.phone, notice: t.codeSent });
  }), true));

  router.post('/interaction/:uid/register', withInteraction(deps, atLogin(async (req, res, details) => {
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = registerForm.safeParse(req.body);
    if (!form.success) return renderRegister(req, res, details, { phone: phone.safeParse(req.body?.phone).data ?? '', error: t.invalid, status: 400 });
    const keep = { phone: form.data.phone, name: form.data.name };
    let result: LoginResult;
    try {
      result = await registerCitizen(deps.identity, form.data, requestContext(req));
    } catch (e) {
      if (isAppError(e, 'ERR_VALIDATION')) {
        const idNumber = (e.details?.issues as { path: string[] }[] | undefined)?.some((i) => i.path[0] === 'idNumber');
        return renderRegister(req, res, details, { ...keep, error: idNumber ? t.badIdNumber : t.invalid, status: 400 });
      }
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) return renderRegister(req, res, details, { ...keep, error: t.badCode, status: 401 });
      if (isAppError(e, 'ERR_RATE_LIMITED')) return renderRegister(req, res, details, { ...keep, error: t.locked, status: 429 });
      if (isAppError(e, 'ERR_CONFLICT')) return renderRegister(req, res, details, { ...keep, error: t.phoneTaken, status: 409 });
      throw e;
    }
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) });
  }), true));

  const renderRealName = async (req: Request, res: Response, details: Details, accountId: string, error: string | null, status = 200) => {
    const opts = pageOptions(req, res, (t) => t.login);
    const account = await deps.identity.accounts.findById(accountId);
    res.status(status).set('Cache-Control', 'no-store').type('html').send(realNamePage(opts, {
      action: realNamePath(details.uid), csrf: csrfToken(deps.secret, details.uid), name: account?.name ?? '', error,
    }));
  };

  router.get('/interaction/:uid/real-name', withInteraction(deps, async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid, REAL_NAME_STEP) ?? await holdSessionForRealName(deps, details);
    if (!held) return res.redirect(303, `/interaction/${details.uid}`);
    await renderRealName(req, res, details, held.accountId, null);
  }, false));

  router.post('/interaction/:uid/real-name', withInteraction(deps, async (req, res, details) => {
    const held = await heldLogin(deps.identity.kv, details.uid, REAL_NAME_STEP);
    if (!held) return res.redirect(303, `/interaction/${details.uid}`);
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = realNameForm.safeParse(req.body);
    if (!form.success) return renderRealName(req, res, details, held.accountId, t.invalid, 400);
    let account;
    try {
      account = await verifyRealName({ ...deps.identity, realName: deps.realName }, held.accountId, form.data, requestContext(req));
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
    if (!released) return res.redirect(303, `/interaction/${details.uid}`);
    await proceedSignIn(deps, req, res, details, { account, proofs: released.proofs, channelAcr: released.channelAcr ?? null });
  }, true));

  return router;
}
