// The sign-in and consent pages oidc-provider sends the browser to (`/interaction/:uid`).
// Login: password or SMS code → identity use case → finishSignIn decides what follows
// (interaction-finish.ts): the provider gets the level reached (acr) and methods (amr), or the
// sign-in waits for a step (a new password, a one-time password, the real-name check), or the
// page says why the app's request cannot be met and the app hears so.
// Consent: first-party apps are granted without asking; others show what they ask for. Every
// form carries a CSRF token bound to the interaction.
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.ts';
import { loginWithPassword } from '../../services/identity/login-with-password.ts';
import { loginWithSmsCode } from '../../services/identity/login-with-sms-code.ts';
import { sendSmsCode } from '../../services/identity/send-sms-code.ts';
import type { LoginResult } from '../../services/identity/login-with-password.ts';
import { allowFormTarget } from '../middleware/form-redirect-csp.ts';
import { errorPage } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { certLoginRoutes } from './interaction-cert.ts';
import { consentRoutes } from './interaction-consent.ts';
import { selectOrgRouter, selectOrgRoutes } from './interaction-org.ts';
import { SELECT_ORG_PROMPT } from '../../oidc/acting.ts';
import { registrationRoutes } from './interaction-register.ts';
import { totpRoutes } from './interaction-totp.ts';
import { passwordRoutes } from './interaction-password.ts';
import { proceedSignIn, proofsNow, unmetOf, unmetPath } from './interaction-finish.ts';
import { appName, checkCsrf, csrfToken, renderLogin, requestContext } from './interaction-support.ts';
import { unmetPage } from '../views/unmet-page.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';

const passwordForm = z.object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
const phoneForm = z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/) });
const smsForm = z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/), code: z.string().regex(/^\d{6}$/) });
const uidParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

type Handler = (req: Request, res: Response, details: Details) => Promise<void>;

/** Load the interaction (or show a friendly page when it is gone), then run the handler. */
export function withInteraction(deps: InteractionDeps, handler: Handler, post: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const uid = uidParam.safeParse(req.params.uid);
      let details: Details;
      try {
        if (!uid.success) throw new Error('bad uid');
        details = await (await deps.provider()).interactionDetails(req, res);
        if (details.uid !== uid.data) throw new Error('interaction mismatch');
      } catch {
        res.status(400).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'interaction_expired'));
        return;
      }
      if (post) checkCsrf(deps, req, details.uid);
      // Registered redirect URIs only reach here: the provider checked them before the interaction.
      allowFormTarget(res, details.params.redirect_uri);
      await handler(req, res, details);
    } catch (e) {
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        res.status(403).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'csrf'));
        return;
      }
      next(e);
    }
  };
}

/** The message for a failed login; one text for every cause of a wrong name or password. */
function loginError(e: unknown, t: { badLogin: string; locked: string }): string {
  if (isAppError(e, 'ERR_RATE_LIMITED')) return t.locked;
  if (isAppError(e, 'ERR_UNAUTHENTICATED')) return t.badLogin;
  throw e;
}

export function interactionRoutes(deps: InteractionDeps): Router {
  const router = express.Router();

  router.get('/interaction/:uid', withInteraction(deps, async (req, res, details) => {
    if (details.prompt.name === 'login') return renderLogin(deps, req, res, details);
    if (details.prompt.name === SELECT_ORG_PROMPT) return selectOrgRoutes.show(deps, req, res, details);
    return consentRoutes.show(deps, req, res, details);
  }, false));

  router.post('/interaction/:uid/login', withInteraction(deps, async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = passwordForm.safeParse(req.body);
    if (!form.success) return renderLogin(deps, req, res, details, { error: t.invalid, status: 400 });
    let result: LoginResult;
    try {
      result = await loginWithPassword(deps.identity, form.data, requestContext(req));
    } catch (e) {
      const status = isAppError(e, 'ERR_RATE_LIMITED') ? 429 : 401;
      return renderLogin(deps, req, res, details, { error: loginError(e, t), status });
    }
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) });
  }, true));

  router.get('/interaction/:uid/password', withInteraction(deps, (req, res, details) => passwordRoutes.show(deps, req, res, details), false));
  router.post('/interaction/:uid/password', withInteraction(deps, async (req, res, details) => {
    const held = await passwordRoutes.submit(deps, req, res, details);
    if (held) await proceedSignIn(deps, req, res, details, held);
  }, true));

  router.post('/interaction/:uid/sms/send', withInteraction(deps, async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = phoneForm.safeParse(req.body);
    if (!form.success) return renderLogin(deps, req, res, details, { tab: 'sms', error: t.invalid, status: 400 });
    try {
      await sendSmsCode(deps.identity, form.data.phone, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.data.phone, error: t.locked, status: 429 });
    }
    return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.data.phone, notice: t.codeSent });
  }, true));

  router.post('/interaction/:uid/sms', withInteraction(deps, async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = smsForm.safeParse(req.body);
    if (!form.success) return renderLogin(deps, req, res, details, { tab: 'sms', error: t.invalid, status: 400 });
    let result: LoginResult;
    try {
      result = await loginWithSmsCode(deps.identity, form.data, requestContext(req));
    } catch (e) {
      const status = isAppError(e, 'ERR_RATE_LIMITED') ? 429 : 401;
      const error = isAppError(e, 'ERR_UNAUTHENTICATED') ? t.badCode : loginError(e, t);
      return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.data.phone, error, status });
    }
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) });
  }, true));

  router.use(certLoginRoutes(deps, withInteraction));
  router.use(selectOrgRouter(deps, withInteraction));
  router.use(registrationRoutes(deps, withInteraction));

  router.get('/interaction/:uid/totp', withInteraction(deps, (req, res, details) => totpRoutes.show(deps, req, res, details), false));
  router.post('/interaction/:uid/totp', withInteraction(deps, async (req, res, details) => {
    const done = await totpRoutes.submit(deps, req, res, details);
    if (!done) return;
    const account = await deps.identity.accounts.findById(done.accountId);
    if (!account) throw new AppError('ERR_UNAUTHENTICATED', 'account vanished during sign-in');
    await proceedSignIn(deps, req, res, details, { account, proofs: done.proofs, channelAcr: done.channelAcr ?? null });
  }, true));

  // A request this sign-in cannot meet: the page says why; its button sends the app the error.
  router.get('/interaction/:uid/unmet', withInteraction(deps, async (req, res, details) => {
    const unmet = await unmetOf(deps, details.uid);
    if (!unmet) return res.redirect(303, `/interaction/${details.uid}`);
    const opts = pageOptions(req, res, (t) => t.errorHeading);
    res.status(200).set('Cache-Control', 'no-store').type('html').send(unmetPage(opts, opts.lang, {
      reason: unmet.reason, appName: await appName(await deps.provider(), details.params.client_id),
      action: unmetPath(details.uid), csrf: csrfToken(deps.secret, details.uid),
    }));
  }, false));
  router.post('/interaction/:uid/unmet', withInteraction(deps, async (req, res, details) => {
    const unmet = await unmetOf(deps, details.uid);
    if (!unmet) return res.redirect(303, `/interaction/${details.uid}`);
    await (await deps.provider()).interactionFinished(req, res, {
      error: 'unmet_authentication_requirements', error_description: unmet.description,
    }, { mergeWithLastSubmission: false });
  }, true));

  // Consent forms count only while the provider asks for consent (a signed-in user).
  const consentStep = (handler: typeof consentRoutes.confirm) => withInteraction(deps, async (req, res, details) => {
    if (details.prompt.name !== 'consent' || !details.session?.accountId) {
      res.status(400).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'wrong_step'));
      return;
    }
    await handler(deps, req, res, details);
  }, true);
  router.post('/interaction/:uid/confirm', consentStep(consentRoutes.confirm));
  router.post('/interaction/:uid/abort', withInteraction(deps, (req, res, details) => consentRoutes.abort(deps, req, res, details), true));
  return router;
}
