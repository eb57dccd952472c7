// The apps section (/account/apps): list the apps one consented to, withdraw one's consent
// (services/identity/list-consented-apps.ts, withdraw-consent.ts: every grant to the app goes with
// its tokens, refresh tokens included; audited).
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isAppError } from '../../../domain/errors.ts';
import { listConsentedApps } from '../../../services/identity/list-consented-apps.ts';
import { withdrawConsent } from '../../../services/identity/withdraw-consent.ts';
import { appsPage } from '../../views/account/apps.ts';
import type { AppsView } from '../../views/account/apps.ts';
import { parseForm } from '../../parse.ts';
import type { AccountContext, Signed } from './account-context.ts';
import { isBuiltinApp } from './builtin-apps.ts';
import { ownCaller } from './own.ts';

const PATH = '/account/apps';
const withdrawForm = z.object({ csrf: z.string(), client: z.string().min(1).max(200) }).strict();

export function appsSection(ctx: AccountContext): Router {
  const r = Router();
  const own = ctx.deps.own;
  const show = async (req: Request, res: Response, who: Signed, outcome?: AppsView['outcome']) => {
    const apps = await listConsentedApps(own, who.account.id, isBuiltinApp);
    res.type('html').send(appsPage(ctx.options(req, res, PATH), { apps, csrf: who.session.csrf, ...(outcome ? { outcome } : {}) }));
  };

  r.get(PATH, ctx.page((req, res, who) => show(req, res, who)));
  r.post(`${PATH}/withdraw`, ctx.form(async (req, res, who) => {
    const form = parseForm(withdrawForm, req.body);
    if (!form) {
      res.status(400);
      return show(req, res, who, 'gone');
    }
    try {
      const grants = await withdrawConsent(own, ownCaller(req, who), { clientId: form.client, builtin: isBuiltinApp });
      await show(req, res, who, grants > 0 ? 'withdrawn' : 'gone');
    } catch (e) {
      if (!isAppError(e, 'ERR_FORBIDDEN')) throw e;
      res.status(403);
      await show(req, res, who, 'refused');
    }
  }));
  return r;
}
