// Changing the password (services/identity/change-password.ts): the current one, the new one twice.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { changePassword } from '../../../services/identity/change-password.ts';
import { passwordPage } from '../../views/account/password.ts';
import type { PasswordProblem } from '../../views/account/password.ts';
import { parseForm } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import type { AccountContext, Signed } from './account-context.ts';

const passwordForm = z.object({
  csrf: z.string(),
  current: z.string().min(1).max(256),
  password: z.string().min(1).max(256),
  confirm: z.string().min(1).max(256),
}).strict();

const PROBLEMS: readonly string[] = ['wrong', 'too_short', 'mismatch', 'same_as_current'] satisfies PasswordProblem[];

export function passwordSection(ctx: AccountContext): Router {
  const r = Router();
  const show = (req: Request, res: Response, who: Signed, outcome: { notice?: 'changed'; problem?: PasswordProblem } = {}) => {
    res.type('html').send(passwordPage(ctx.options(req, res, '/account/password'), {
      hasPassword: who.account.passwordHash !== null, csrf: who.session.csrf, ...outcome,
    }));
  };

  r.get('/account/password', ctx.page((req, res, who) => show(req, res, who)));
  r.post('/account/password', ctx.form(async (req, res, who) => {
    const form = parseForm(passwordForm, req.body);
    if (!form) {
      res.status(400);
      show(req, res, who, { problem: 'invalid' });
      return;
    }
    try {
      const account = await changePassword(ctx.deps.identity, { accountId: who.account.id, current: form.current, password: form.password, confirm: form.confirm }, requestContext(req));
      show(req, res, { ...who, account }, { notice: 'changed' });
    } catch (e) {
      if (isAppError(e, 'ERR_RATE_LIMITED')) {
        res.status(429);
        show(req, res, who, { problem: 'locked' });
        return;
      }
      if (!isAppError(e, 'ERR_VALIDATION')) throw e;
      const code = (e.details?.issues as { code: string }[] | undefined)?.[0]?.code ?? '';
      res.status(400);
      show(req, res, who, { problem: (PROBLEMS.includes(code) ? code : 'invalid') as PasswordProblem });
    }
  }));
  return r;
}
