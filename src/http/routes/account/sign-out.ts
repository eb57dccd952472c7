// Signing out from the account pages: the SSO session the page was reached with ends as any
// ended session does (its apps receive back-channel logout tokens, its grants go; audited as a
// logout, services/identity/end-own-sessions.ts), then the page session, then a page that says so.
import { Router } from 'express';
import { endOwnSessions } from '../../../services/identity/end-own-sessions.ts';
import { signedOutPage } from '../../views/account/signed-out.ts';
import type { AccountContext } from './account-context.ts';
import { ownCaller } from './own.ts';

export function signOutSection(ctx: AccountContext): Router {
  const r = Router();
  r.post('/account/sign-out', ctx.form(async (req, res, who) => {
    await endOwnSessions(ctx.deps.own, ownCaller(req, who), 'current');
    await ctx.endPageSession(req, res);
    res.type('html').send(signedOutPage(ctx.options(req, res, '/account')));
  }));
  return r;
}
