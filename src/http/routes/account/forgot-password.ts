// Forgot password, for someone not signed in (services/identity/start-password-reset.ts,
// reset-password-with-code.ts). Linked from the sign-in page's password form and the password
// section.
//   GET  /account/forgot        the phone number (`?return=/interaction/…` names the sign-in to go back to)
//   POST /account/forgot        a code to that number if it is registered; the same answer either way
//   GET  /account/forgot/code   the code and the new password, twice
//   POST /account/forgot/code   the reset
// The reset in progress is bound to the browser: its random id lives only in an httpOnly,
// SameSite=Strict cookie scoped to /account/forgot (a cross-site post carries no cookie, so it
// finds no reset), and the key-value store holds the state under it, single-use. Posts from
// another origin are refused.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../../domain/errors.ts';
import { resetPasswordWithCode } from '../../../services/identity/reset-password-with-code.ts';
import { RESET, resetFlowKey, startPasswordReset } from '../../../services/identity/start-password-reset.ts';
import { forgotCodePage, forgotDonePage, forgotPhonePage } from '../../views/account/forgot-password.ts';
import type { ForgotProblem } from '../../views/account/forgot-password.ts';
import { pageOptions, readCookie } from '../../views/prefs.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import type { AccountContext } from './account-context.ts';

const PATH = '/account/forgot';
const FLOW_COOKIE = 'yx_reset';
const RETURN_COOKIE = 'yx_reset_return';
const FLOW_ID = /^[A-Za-z0-9_-]{43}$/;
/** Only a sign-in page of this service may be gone back to. */
const SIGN_IN_PAGE = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

const phoneForm = z.object({ phone: z.string().trim().max(32) }).strict();
const resetForm = z.object({
  code: z.string().trim().regex(/^\d{6}$/),
  password: z.string().min(1).max(256),
  confirm: z.string().min(1).max(256),
}).strict();

const RESET_PROBLEMS: readonly string[] = ['wrong', 'too_short', 'mismatch'] satisfies ForgotProblem[];

export function forgotPasswordSection(ctx: AccountContext): Router {
  const r = Router();
  const secure = ctx.base.startsWith('https:');
  const cookie = { path: PATH, httpOnly: true, sameSite: 'strict' as const, secure, maxAge: RESET.flowTtlSeconds * 1000 };
  const options = (req: Request, res: Response, path: string) => {
    res.set('Cache-Control', 'no-store');
    const o = pageOptions(req, res, () => '');
    return { ...o, here: path };
  };
  const sameOrigin = (req: Request) => {
    const origin = req.headers.origin;
    if (origin && origin !== 'null' && origin !== new URL(ctx.base).origin) throw new AppError('ERR_FORBIDDEN', 'cross-origin form post');
  };
  const flowId = (req: Request) => {
    const id = readCookie(req.headers.cookie, FLOW_COOKIE);
    return id && FLOW_ID.test(id) ? id : null;
  };
  const showPhone = (req: Request, res: Response, phone = '', problem?: ForgotProblem) => {
    res.type('html').send(forgotPhonePage(options(req, res, PATH), { phone, ...(problem ? { problem } : {}) }));
  };
  const showCode = (req: Request, res: Response, problem?: ForgotProblem) => {
    res.type('html').send(forgotCodePage(options(req, res, `${PATH}/code`), problem ? { problem } : {}));
  };

  r.get(PATH, (req, res) => {
    const back = typeof req.query.return === 'string' && SIGN_IN_PAGE.test(req.query.return) ? req.query.return : null;
    if (back) res.cookie(RETURN_COOKIE, back, cookie);
    showPhone(req, res);
  });

  r.post(PATH, async (req, res, next) => {
    try {
      sameOrigin(req);
      const form = parseForm(phoneForm, req.body);
      try {
        const { flowId: id } = await startPasswordReset(ctx.deps.identity, form?.phone ?? '', requestContext(req));
        res.cookie(FLOW_COOKIE, id, cookie);
        res.redirect(303, `${PATH}/code`);
      } catch (e) {
        if (isAppError(e, 'ERR_VALIDATION')) res.status(400);
        else if (isAppError(e, 'ERR_RATE_LIMITED')) res.status(429);
        else throw e;
        showPhone(req, res, form?.phone ?? '', res.statusCode === 429 ? 'rate_limited' : 'invalid_phone');
      }
    } catch (e) {
      next(e);
    }
  });

  r.get(`${PATH}/code`, async (req, res, next) => {
    try {
      const id = flowId(req);
      if (!id || !(await ctx.deps.identity.kv.get(resetFlowKey(id)))) {
        res.redirect(303, PATH);
        return;
      }
      showCode(req, res);
    } catch (e) {
      next(e);
    }
  });

  r.post(`${PATH}/code`, async (req, res, next) => {
    try {
      sameOrigin(req);
      const id = flowId(req);
      const form = parseForm(resetForm, req.body);
      if (!id) {
        res.status(400);
        showPhone(req, res, '', 'expired');
        return;
      }
      if (!form) {
        res.status(400);
        showCode(req, res, 'invalid');
        return;
      }
      try {
        await resetPasswordWithCode({ ...ctx.deps.identity, sessions: ctx.deps.own.sessions }, { flowId: id, ...form }, requestContext(req));
      } catch (e) {
        if (isAppError(e, 'ERR_VALIDATION')) {
          const code = (e.details?.issues as { code: string }[] | undefined)?.[0]?.code ?? '';
          res.status(400);
          showCode(req, res, (RESET_PROBLEMS.includes(code) ? code : 'invalid') as ForgotProblem);
          return;
        }
        if (!isAppError(e, 'ERR_RATE_LIMITED') && !isAppError(e, 'ERR_UNAUTHENTICATED')) throw e;
        res.clearCookie(FLOW_COOKIE, { path: PATH });
        res.status(isAppError(e, 'ERR_RATE_LIMITED') ? 429 : 400);
        showPhone(req, res, '', res.statusCode === 429 ? 'locked' : 'expired');
        return;
      }
      const back = readCookie(req.headers.cookie, RETURN_COOKIE);
      res.clearCookie(FLOW_COOKIE, { path: PATH });
      res.clearCookie(RETURN_COOKIE, { path: PATH });
      res.type('html').send(forgotDonePage(options(req, res, PATH), { returnTo: back && SIGN_IN_PAGE.test(back) ? back : null }));
    } catch (e) {
      next(e);
    }
  });
  return r;
}
