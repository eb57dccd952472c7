// The account page at /account, for citizens, legal persons' representatives and staff: who is
// signed in, changing the password, and starting the real-name check at any time.
// Sign-in through a page session (page-session.ts), as the staff admin pages do: a first-party public client of yinxin's
// own (ACCOUNT_CLIENT_ID) with the authorization code flow and PKCE, server side; the access token
// is kept in the key-value store under a random page-session id, sent as an httpOnly
// SameSite=Strict cookie scoped to /account. Every request reads that token as the API does, so
// an ended SSO session ends the page too. Forms carry a CSRF token and cross-origin posts are refused.
// The real-name check is a new sign-in asking for L2 (`acr_values=L2`): the SSO sends an L1
// citizen through its real-name step and the page comes back at L2.
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Account } from '../../domain/account.ts';
import { isAppError } from '../../domain/errors.ts';
import { maskPhone } from '../../domain/masking.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { changePassword } from '../../services/identity/change-password.ts';
import type { IdentityDeps } from '../../services/identity/identity-deps.ts';
import { IDENTITY_SCOPE } from '../../services/identity/verify-real-name.ts';
import { accountPage } from '../views/account-page.ts';
import type { AccountProblem, AccountView } from '../views/account-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { parseForm } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { pageSessions } from '../page-session.ts';
import type { PageSession } from '../page-session.ts';

export const ACCOUNT_CLIENT_ID = 'yinxin-account';
const COOKIE = 'yx_account';
/** Binds a pending sign-in to the browser that started it. */
const STATE_COOKIE = 'yx_account_state';

/** The page's registration as an app of yinxin's (public client, code flow, the person's own identity). */
export function accountApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: ACCOUNT_CLIENT_ID, name: '我的账号', kind: 'first_party', public: true, redirectUris: [`${publicUrl}/account/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', IDENTITY_SCOPE], fullIdNumber: false,
  };
}

export interface AccountPageDeps {
  identity: Pick<IdentityDeps, 'accounts' | 'hasher' | 'audit'>;
  apps: AppDeps;
  kv: { get(key: string): Promise<string | null>; set(key: string, value: string, ttlSeconds?: number): Promise<void>; take(key: string): Promise<string | null> };
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
}

const passwordForm = z.object({
  csrf: z.string(),
  current: z.string().min(1).max(256),
  password: z.string().min(1).max(256),
  confirm: z.string().min(1).max(256),
}).strict();

const PROBLEMS: readonly string[] = ['wrong', 'too_short', 'mismatch', 'same_as_current'] satisfies AccountProblem[];

export function accountPageRoutes(deps: AccountPageDeps): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  let registered = false;

  const sessions = pageSessions({
    base, path: '/account', clientId: ACCOUNT_CLIENT_ID, scope: `openid ${IDENTITY_SCOPE}`, cookie: COOKIE, stateCookie: STATE_COOKIE, keyPrefix: 'account', kv: deps.kv,
    ensureApp: async () => {
      if (registered) return;
      await ensureBuiltinApp(deps.apps, accountApp(base));
      registered = true;
    },
  });
  /** Send the browser to sign in (asking for `acr` when given), to come back to /account. */
  const signIn = (res: Response, acr?: 'L2') => sessions.signIn(res, '/account', acr ? { acr_values: acr } : {});

  /** The signed-in person and their page session, or null after starting a sign-in. */
  async function signed(req: Request, res: Response): Promise<{ account: Account; session: PageSession } | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    const caller = session ? await deps.readToken(session.token) : null;
    const ours = caller && caller.clientId === ACCOUNT_CLIENT_ID && caller.accountId && caller.sessionAmr !== null;
    const account = ours ? await deps.identity.accounts.findById(caller.accountId as string) : null;
    if (!session || !account || account.status !== 'active') {
      await signIn(res);
      return null;
    }
    return { account, session };
  }

  function render(req: Request, res: Response, account: Account, session: PageSession, extra: Pick<AccountView, 'notice' | 'problem'> = {}): void {
    const o = pageOptions(req, res, () => '');
    res.type('html').send(accountPage({ ...o, here: '/account' + (o.here.includes('?') ? o.here.slice(o.here.indexOf('?')) : '') }, {
      name: account.name, phone: account.phone ? maskPhone(account.phone) : null, kind: account.kind, level: account.assurance,
      hasPassword: account.passwordHash !== null, realNameOffered: account.kind === 'citizen' && account.assurance === 'L1', csrf: session.csrf, ...extra,
    }));
  }

  r.get('/account', async (req, res, next) => {
    try {
      const who = await signed(req, res);
      if (who) render(req, res, who.account, who.session);
    } catch (e) {
      next(e);
    }
  });

  r.get('/account/callback', async (req, res, next) => {
    try {
      await sessions.callback(req, res);
    } catch (e) {
      next(e);
    }
  });


  r.post('/account/password', async (req, res, next) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      sessions.checkForm(req, who.session);
      const form = parseForm(passwordForm, req.body);
      if (!form) {
        res.status(400);
        render(req, res, who.account, who.session, { problem: 'invalid' });
        return;
      }
      try {
        const account = await changePassword(deps.identity, { accountId: who.account.id, current: form.current, password: form.password, confirm: form.confirm }, requestContext(req));
        render(req, res, account, who.session, { notice: 'changed' });
      } catch (e) {
        if (!isAppError(e, 'ERR_VALIDATION')) throw e;
        const code = (e.details?.issues as { code: string }[] | undefined)?.[0]?.code ?? '';
        res.status(400);
        render(req, res, who.account, who.session, { problem: (PROBLEMS.includes(code) ? code : 'invalid') as AccountProblem });
      }
    } catch (e) {
      next(e);
    }
  });

  r.post('/account/real-name', async (req, res, next) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      sessions.checkForm(req, who.session);
      await signIn(res, 'L2');
    } catch (e) {
      next(e);
    }
  });
  return r;
}
