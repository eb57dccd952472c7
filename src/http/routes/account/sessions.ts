// The sessions section (/account/sessions): list one's sign-in sessions, end one or all others
// (services/identity/list-own-sessions.ts, end-own-sessions.ts; ending is audited and the apps
// of an ended session receive back-channel logout tokens).
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { endOwnSessions } from '../../../services/identity/end-own-sessions.ts';
import { listOwnSessions } from '../../../services/identity/list-own-sessions.ts';
import { sessionsPage } from '../../views/account/sessions.ts';
import { parseForm } from '../../parse.ts';
import type { AccountContext, Signed } from './account-context.ts';
import { ownCaller } from './own.ts';

const PATH = '/account/sessions';
const endForm = z.object({ csrf: z.string(), session: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

export function sessionsSection(ctx: AccountContext): Router {
  const r = Router();
  const own = ctx.deps.own;
  const show = async (req: Request, res: Response, who: Signed, ended?: number) => {
    const sessions = await listOwnSessions(own, ownCaller(req, who));
    res.type('html').send(sessionsPage(ctx.options(req, res, PATH), { sessions, csrf: who.session.csrf, ...(ended === undefined ? {} : { ended }) }));
  };

  r.get(PATH, ctx.page((req, res, who) => show(req, res, who)));
  r.post(`${PATH}/end`, ctx.form(async (req, res, who) => {
    const form = parseForm(endForm, req.body);
    if (!form) {
      res.status(400);
      return show(req, res, who, 0);
    }
    const ended = await endOwnSessions(own, ownCaller(req, who), { one: form.session });
    await show(req, res, who, ended.sessions);
  }));
  r.post(`${PATH}/end-others`, ctx.form(async (req, res, who) => {
    const ended = await endOwnSessions(own, ownCaller(req, who), 'others');
    await show(req, res, who, ended.sessions);
  }));
  return r;
}
