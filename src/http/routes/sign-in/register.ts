// Self-registration inside a sign-in (linked from the login page); the new citizen is signed in
// at L1, and finishSignIn decides what follows.
//   GET  /interaction/:uid/register        the registration page
//   POST /interaction/:uid/register/send   text a registration code (same answer for registered numbers)
//   POST /interaction/:uid/register        create the citizen and sign them in
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import type { LoginResult } from '../../../services/identity/login-with-password.ts';
import { registerCitizen } from '../../../services/identity/register-citizen.ts';
import { sendRegistrationCode } from '../../../services/identity/send-registration-code.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { registerMessages } from '../../views/register-i18n.ts';
import { registerPage } from '../../views/register-pages.ts';
import type { RegisterView } from '../../views/register-pages.ts';
import { pageOptions } from '../../views/prefs.ts';
import { proceedSignIn, proofsNow } from './finish.ts';
import { csrfToken, interactionPath, steps } from './steps.ts';
import type { Details, InteractionDeps, StepHandler } from './steps.ts';

const phone = z.string().regex(/^1[3-9]\d{9}$/);
const sendForm = z.object({ phone });
const registerForm = z.object({
  phone,
  code: z.string().regex(/^\d{6}$/),
  name: z.string().max(64),
  password: z.string().max(256),
  idNumber: z.string().max(32).optional(),
});
const registerPath = (uid: string) => interactionPath(uid, '/register');

export function registrationRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);

  const renderRegister = (req: Request, res: Response, details: Details, extra: Partial<RegisterView> & { status?: number } = {}) => {
    const opts = pageOptions(req, res, (t) => t.login);
    res.status(extra.status ?? 200).set('Cache-Control', 'no-store').type('html').send(registerPage(opts, {
      sendAction: `${registerPath(details.uid)}/send`,
      action: registerPath(details.uid),
      loginHref: interactionPath(details.uid),
      csrf: csrfToken(deps.secret, details.uid),
      phone: extra.phone ?? '',
      name: extra.name ?? '',
      error: extra.error ?? null,
      notice: extra.notice ?? null,
    }));
  };
  // Registration belongs to the sign-in step; later steps go back to the interaction page.
  const atLogin = (handler: StepHandler): StepHandler => async (req, res, details) => {
    if (details.prompt.name !== 'login') return res.redirect(303, interactionPath(details.uid));
    return handler(req, res, details);
  };

  step.page('/register', atLogin(async (req, res, details) => renderRegister(req, res, details)));

  step.form('/register/send', atLogin(async (req, res, details) => {
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = parseForm(sendForm, req.body);
    if (!form) return renderRegister(req, res, details, { error: t.invalid, status: 400 });
    try {
      await sendRegistrationCode(deps.identity, form.phone, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      return renderRegister(req, res, details, { phone: form.phone, error: t.locked, status: 429 });
    }
    return renderRegister(req, res, details, { phone: form.phone, notice: t.codeSent });
  }));

  step.form('/register', atLogin(async (req, res, details) => {
    const t = registerMessages(pageOptions(req, res, (m) => m.login).lang);
    const form = parseForm(registerForm, req.body);
    if (!form) return renderRegister(req, res, details, { phone: parseForm(phone, req.body?.phone) ?? '', error: t.invalid, status: 400 });
    const keep = { phone: form.phone, name: form.name };
    let result: LoginResult;
    try {
      result = await registerCitizen(deps.identity, form, requestContext(req));
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
  }));

  return step.router;
}
