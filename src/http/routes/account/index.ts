// The account pages at /account, for citizens, legal persons' representatives and staff: an
// overview (who is signed in, the real-name check as the next step when it applies, the list of
// sections) and one small router per section.
// Sign-in through a page session (page-session.ts), as the staff admin pages do: a first-party
// public client of yinxin's own (ACCOUNT_CLIENT_ID) with the authorization code flow and PKCE,
// server side; the access token is kept in the key-value store under a random page-session id,
// sent as an httpOnly SameSite=Strict cookie scoped to /account. Every request reads that token as
// the API does, so an ended SSO session ends the pages too. Forms carry a CSRF token and
// cross-origin posts are refused.
import { Router } from 'express';
import { maskPhone } from '../../../domain/masking.ts';
import { accountPage } from '../../views/account/overview.ts';
import { accountContext } from './account-context.ts';
import type { AccountPageDeps } from './account-context.ts';
import { forgotPasswordSection } from './forgot-password.ts';
import { passwordSection } from './password.ts';
import { phoneSection } from './phone.ts';
import { realNameSection } from './real-name.ts';
import { securitySection } from './security.ts';
import { sessionsSection } from './sessions.ts';
import { appsSection } from './apps.ts';
import { historySection } from './history.ts';
import { signOutSection } from './sign-out.ts';

export { ACCOUNT_CLIENT_ID, accountApp } from './account-context.ts';
export type { AccountPageDeps } from './account-context.ts';

export function accountPageRoutes(deps: AccountPageDeps): Router {
  const r = Router();
  const ctx = accountContext(deps);

  r.get('/account', ctx.page((req, res, { account, session }) => {
    res.type('html').send(accountPage(ctx.options(req, res, '/account'), {
      name: account.name, phone: account.phone ? maskPhone(account.phone) : null, kind: account.kind, level: account.assurance,
      realNameOffered: account.kind === 'citizen' && account.assurance === 'L1', csrf: session.csrf,
    }));
  }));
  r.get('/account/callback', ctx.callback);
  for (const section of [passwordSection, realNameSection]) r.use(section(ctx));
  for (const section of [phoneSection, forgotPasswordSection]) r.use(section(ctx));
  for (const section of [securitySection, sessionsSection, appsSection, historySection, signOutSection]) r.use(section(ctx));
  return r;
}
