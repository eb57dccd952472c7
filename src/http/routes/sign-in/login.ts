// The first factor on the login page: a password, or a code texted to the phone. What was proven
// goes to finishSignIn (finish.ts); a refused login gets the page again with one message for
// every cause of a wrong name, password or code.
//   POST /interaction/:uid/login     {csrf, login, password}
//   POST /interaction/:uid/sms/send  {csrf, phone}
//   POST /interaction/:uid/sms       {csrf, phone, code}
import type { Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { loginWithPassword } from '../../../services/identity/login-with-password.ts';
import type { LoginResult } from '../../../services/identity/login-with-password.ts';
import { loginWithSmsCode } from '../../../services/identity/login-with-sms-code.ts';
import { sendSmsCode } from '../../../services/identity/send-sms-code.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { pageOptions } from '../../views/prefs.ts';
import { proceedSignIn, proofsNow } from './finish.ts';
import { renderLogin } from './login-page.ts';
import { steps } from './steps.ts';
import type { InteractionDeps } from './steps.ts';

const passwordForm = z.object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });
const phoneForm = z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/) });
const smsForm = z.object({ phone: z.string().regex(/^1[3-9]\d{9}$/), code: z.string().regex(/^\d{6}$/) });

function loginError(e: unknown, t: { badLogin: string; locked: string }): string {
  if (isAppError(e, 'ERR_RATE_LIMITED')) return t.locked;
  if (isAppError(e, 'ERR_UNAUTHENTICATED')) return t.badLogin;
  throw e;
}

export function loginRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);

  step.form('/login', async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = parseForm(passwordForm, req.body);
    if (!form) return renderLogin(deps, req, res, details, { error: t.invalid, status: 400 });
    let result: LoginResult;
    try {
      result = await loginWithPassword(deps.identity, form, requestContext(req));
    } catch (e) {
      const status = isAppError(e, 'ERR_RATE_LIMITED') ? 429 : 401;
      return renderLogin(deps, req, res, details, { error: loginError(e, t), status });
    }
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) });
  });

  step.form('/sms/send', async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = parseForm(phoneForm, req.body);
    if (!form) return renderLogin(deps, req, res, details, { tab: 'sms', error: t.invalid, status: 400 });
    try {
      await sendSmsCode(deps.identity, form.phone, requestContext(req));
    } catch (e) {
      if (!isAppError(e, 'ERR_RATE_LIMITED')) throw e;
      return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.phone, error: t.locked, status: 429 });
    }
    return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.phone, notice: t.codeSent });
  });

  step.form('/sms', async (req, res, details) => {
    const t = pageOptions(req, res, (m) => m.login).t;
    const form = parseForm(smsForm, req.body);
    if (!form) return renderLogin(deps, req, res, details, { tab: 'sms', error: t.invalid, status: 400 });
    let result: LoginResult;
    try {
      result = await loginWithSmsCode(deps.identity, form, requestContext(req));
    } catch (e) {
      const status = isAppError(e, 'ERR_RATE_LIMITED') ? 429 : 401;
      const error = isAppError(e, 'ERR_UNAUTHENTICATED') ? t.badCode : loginError(e, t);
      return renderLogin(deps, req, res, details, { tab: 'sms', phone: form.phone, error, status });
    }
    await proceedSignIn(deps, req, res, details, { account: result.account, proofs: proofsNow(deps, result.amr) });
  });
  return step.router;
}
