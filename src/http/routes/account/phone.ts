// Changing the phone number (services/identity/start-phone-change.ts, confirm-phone-change.ts):
// the current password (or, without one, a fresh sign-in) and the new number; then the code
// texted to the new number.
//   GET  /account/phone           the form, or the code form while a code is pending
//   POST /account/phone           re-authenticate, send the code
//   POST /account/phone/confirm   the code: the number changes
//   POST /account/phone/sign-in   an account without a password signs in again (max_age=0)
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { maskPhone } from '../../../domain/masking.ts';
import { isAppError } from '../../../domain/errors.ts';
import { confirmPhoneChange } from '../../../services/identity/confirm-phone-change.ts';
import { RECENT_SIGN_IN_SECONDS, pendingPhoneChange, startPhoneChange } from '../../../services/identity/start-phone-change.ts';
import { phonePage } from '../../views/account/phone.ts';
import type { PhoneProblem, PhoneView } from '../../views/account/phone.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import type { AccountContext, Signed } from './account-context.ts';

const PATH = '/account/phone';

const startForm = z.object({ csrf: z.string(), current: z.string().max(256).optional(), phone: z.string().trim().max(32) }).strict();
const codeForm = z.object({ csrf: z.string(), code: z.string().trim().regex(/^\d{6}$/) }).strict();

/** What each refusal of the services reads as on the page. */
function problemOf(e: unknown): { status: number; problem: PhoneProblem } | null {
  if (isAppError(e, 'ERR_RATE_LIMITED')) return { status: 429, problem: 'locked' };
  if (isAppError(e, 'ERR_CONFLICT')) return { status: 409, problem: 'taken' };
  if (isAppError(e, 'ERR_UNAUTHENTICATED')) return { status: 401, problem: 'sign_in_again' };
  if (!isAppError(e, 'ERR_VALIDATION')) return null;
  const issue = (e.details?.issues as { path: string[]; code: string }[] | undefined)?.[0];
  const field = issue?.path[0];
  if (field === 'current') return { status: 400, problem: 'wrong' };
  if (field === 'code') return { status: 400, problem: 'wrong_code' };
  return { status: 400, problem: issue?.code === 'same_as_current' ? 'same_as_current' : 'invalid_phone' };
}

export function phoneSection(ctx: AccountContext): Router {
  const r = Router();
  const now = () => Math.floor(ctx.deps.identity.clock.now().getTime() / 1000);
  const recent = (who: Signed) => typeof who.caller.sessionAuthTime === 'number' && now() - who.caller.sessionAuthTime <= RECENT_SIGN_IN_SECONDS;
  const show = (req: Request, res: Response, who: Signed, extra: Partial<PhoneView> = {}) => {
    res.type('html').send(phonePage(ctx.options(req, res, PATH), {
      phone: who.account.phone ? maskPhone(who.account.phone) : null, hasPassword: who.account.passwordHash !== null,
      recentSignIn: recent(who), csrf: who.session.csrf, ...extra,
    }));
  };
  const refused = (req: Request, res: Response, who: Signed, e: unknown, pending?: string | null) => {
    const p = problemOf(e);
    if (!p) throw e;
    res.status(p.status);
    show(req, res, who, { problem: p.problem, ...(pending ? { pending } : {}) });
  };

  r.get(PATH, ctx.page(async (req, res, who) => {
    const pending = await pendingPhoneChange(ctx.deps.identity.kv, who.account.id);
    show(req, res, who, pending ? { pending } : {});
  }));

  r.post(PATH, ctx.form(async (req, res, who) => {
    const form = parseForm(startForm, req.body);
    if (!form) {
      res.status(400);
      show(req, res, who, { problem: 'invalid' });
      return;
    }
    try {
      await startPhoneChange(ctx.deps.identity, {
        accountId: who.account.id, current: form.current ?? null, signedInAt: who.caller.sessionAuthTime ?? null, now: now(), phone: form.phone,
      }, requestContext(req));
      show(req, res, who, { pending: form.phone });
    } catch (e) {
      // Too many texts is not a lockout of the password.
      if (isAppError(e, 'ERR_RATE_LIMITED') && e.details?.reason === 'texts') {
        res.status(429);
        show(req, res, who, { problem: 'rate_limited' });
        return;
      }
      refused(req, res, who, e);
    }
  }));

  r.post(`${PATH}/confirm`, ctx.form(async (req, res, who) => {
    const form = parseForm(codeForm, req.body);
    try {
      const account = await confirmPhoneChange(ctx.deps.identity, { accountId: who.account.id, code: form?.code ?? '' }, requestContext(req));
      show(req, res, { ...who, account }, { changed: maskPhone(account.phone as string) });
    } catch (e) {
      refused(req, res, who, e, await pendingPhoneChange(ctx.deps.identity.kv, who.account.id));
    }
  }));

  r.post(`${PATH}/sign-in`, ctx.form(async (_req, res) => {
    await ctx.signIn(res, PATH, { max_age: '0' });
  }));
  return r;
}
