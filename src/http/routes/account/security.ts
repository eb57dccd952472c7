// The authenticator section (/account/security): add one (re-authenticate, scan, first code) or
// remove it (a current code or re-authentication). Use cases: start-own-totp-enrolment.ts,
// confirm-own-totp-enrolment.ts, remove-own-totp.ts; they audit.
import { Router } from 'express';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { confirmOwnTotpEnrolment } from '../../../services/identity/confirm-own-totp-enrolment.ts';
import { signedInRecently } from '../../../services/identity/reauthenticate.ts';
import { removeOwnTotp } from '../../../services/identity/remove-own-totp.ts';
import { pendingOwnEnrolment, startOwnTotpEnrolment } from '../../../services/identity/start-own-totp-enrolment.ts';
import { securityPage } from '../../views/account/security.ts';
import type { SecurityProblem, SecurityView } from '../../views/account/security.ts';
import { parseForm } from '../../parse.ts';
import type { AccountContext, Signed } from './account-context.ts';
import { ownCaller } from './own.ts';

const PATH = '/account/security';
const startForm = z.object({ csrf: z.string(), password: z.string().max(256).optional() }).strict();
const confirmForm = z.object({ csrf: z.string(), code: z.string().regex(/^\d{6}$/) }).strict();
const removeForm = z.object({ csrf: z.string(), code: z.string().regex(/^\d{6}$/).optional(), password: z.string().max(256).optional() }).strict();

/** The problem a refused step shows, or null for an error the page does not expect. */
function problemOf(e: unknown): SecurityProblem | null {
  if (isAppError(e, 'ERR_RATE_LIMITED')) return 'locked';
  if (isAppError(e, 'ERR_CONFLICT')) return 'expired';
  if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
    const reason = e.details?.reason;
    return reason === 'wrong_password' || reason === 'bad_code' || reason === 'reauthenticate' ? reason : null;
  }
  return null;
}

export function securitySection(ctx: AccountContext): Router {
  const r = Router();
  const own = ctx.deps.own;
  const show = async (req: Request, res: Response, who: Signed, outcome: Pick<SecurityView, 'notice' | 'problem'> = {}) => {
    const account = await own.accounts.findById(who.account.id) ?? who.account;
    const pending = account.totpSealed ? null : await pendingOwnEnrolment(own, account.id);
    if (outcome.problem) res.status(outcome.problem === 'locked' ? 429 : 400);
    res.type('html').send(securityPage(ctx.options(req, res, PATH), {
      enrolled: account.totpSealed !== null, recent: signedInRecently(own, ownCaller(req, who)), hasPassword: account.passwordHash !== null,
      pending: pending && { qrDataUrl: await QRCode.toDataURL(pending.uri, { margin: 1, width: 200 }), secret: pending.secret },
      csrf: who.session.csrf, ...outcome,
    }));
  };
  /** Run a step; a refusal the page knows is shown on it, anything else goes on to the error page. */
  const attempt = async (req: Request, res: Response, who: Signed, step: () => Promise<unknown>, notice?: SecurityView['notice']) => {
    try {
      await step();
    } catch (e) {
      const problem = problemOf(e);
      if (!problem) throw e;
      return show(req, res, who, { problem });
    }
    return show(req, res, who, notice ? { notice } : {});
  };

  r.get(PATH, ctx.page((req, res, who) => show(req, res, who)));
  r.post(`${PATH}/start`, ctx.form(async (req, res, who) => {
    const form = parseForm(startForm, req.body);
    if (!form) return show(req, res, who, { problem: 'invalid' });
    await attempt(req, res, who, () => startOwnTotpEnrolment(own, ownCaller(req, who), { password: form.password || undefined }));
  }));
  r.post(`${PATH}/confirm`, ctx.form(async (req, res, who) => {
    const form = parseForm(confirmForm, req.body);
    if (!form) return show(req, res, who, { problem: 'invalid' });
    await attempt(req, res, who, () => confirmOwnTotpEnrolment(own, ownCaller(req, who), { code: form.code }), 'enrolled');
  }));
  r.post(`${PATH}/remove`, ctx.form(async (req, res, who) => {
    const form = parseForm(removeForm, req.body);
    if (!form) return show(req, res, who, { problem: 'invalid' });
    await attempt(req, res, who, () => removeOwnTotp(own, ownCaller(req, who), { code: form.code, password: form.password || undefined }), 'removed');
  }));
  // A fresh sign-in (prompt=login) makes the next five minutes count as recent.
  r.post(`${PATH}/reauth`, ctx.form(async (_req, res) => {
    await ctx.signIn(res, PATH, { prompt: 'login' });
  }));
  return r;
}
