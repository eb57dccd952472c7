// What every section of the account pages shares: the page session (page-session.ts) with the
// SSO, who is signed in, and two handler wrappers: `page` for a GET that shows a section and
// `form` for a POST from one (same origin, the session's CSRF token). A section is a small router
// of its own (password.ts, real-name.ts, …) mounted by index.ts.
import type { Request, RequestHandler, Response } from 'express';
import type { Account } from '../../../domain/account.ts';
import type { AppDeps } from '../../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../../services/apps/register-app.ts';
import type { IdentityDeps } from '../../../services/identity/identity-deps.ts';
import type { OwnAccountDeps } from '../../../services/identity/own-account-deps.ts';
import { IDENTITY_SCOPE } from '../../../services/identity/verify-real-name.ts';
import type { PageOptions } from '../../views/html.ts';
import { pageOptions } from '../../views/prefs.ts';
import { pageSessions } from '../../page-session.ts';
import type { PageSession } from '../../page-session.ts';

export const ACCOUNT_CLIENT_ID = 'yinxin-account';
const COOKIE = 'yx_account';
/** Binds a pending sign-in to the browser that started it. */
const STATE_COOKIE = 'yx_account_state';

/** The pages' registration as an app of yinxin's (public client, code flow, the person's own identity). */
export function accountApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: ACCOUNT_CLIENT_ID, name: '我的账号', kind: 'first_party', public: true, redirectUris: [`${publicUrl}/account/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', IDENTITY_SCOPE], fullIdNumber: false,
  };
}

export interface AccountPageDeps {
  identity: Pick<IdentityDeps, 'accounts' | 'hasher' | 'audit' | 'kv' | 'sms' | 'clock'>;
  apps: AppDeps;
  kv: { get(key: string): Promise<string | null>; set(key: string, value: string, ttlSeconds?: number): Promise<void>; take(key: string): Promise<string | null> };
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
  /** The person's own sessions, consents, sign-in records and authenticator. */
  own: OwnAccountDeps;
}

/** The signed-in person, their page session and the token's view of the sign-in behind it. */
export interface Signed { account: Account; session: PageSession; caller: ApiCaller }

type SectionHandler = (req: Request, res: Response, who: Signed) => Promise<void> | void;

export interface AccountContext {
  deps: AccountPageDeps;
  /** PUBLIC_URL without a trailing slash. */
  base: string;
  /** Send the browser to sign in, to come back to `returnTo`, with extra authorization parameters. */
  signIn(res: Response, returnTo: string, extra?: Record<string, string>): Promise<void>;
  /** A GET of a section: signs the browser in first when needed (coming back to the same path). */
  page(handler: SectionHandler): RequestHandler;
  /** A POST from a section's form: signed in, same origin, the session's CSRF token. */
  form(handler: SectionHandler): RequestHandler;
  /** End the browser's page session (its key and cookie); the SSO session is ended apart. */
  endPageSession(req: Request, res: Response): Promise<void>;
  /** Page options with `here` (the language and text-size links) pointing at `path`. */
  options(req: Request, res: Response, path: string): PageOptions;
}

export function accountContext(deps: AccountPageDeps): AccountContext & { callback: RequestHandler } {
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
  const signIn = (res: Response, returnTo: string, extra: Record<string, string> = {}) => sessions.signIn(res, returnTo, extra);

  /** The signed-in person, or null after starting a sign-in that comes back to `returnTo`. */
  async function signed(req: Request, res: Response, returnTo: string): Promise<Signed | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    const caller = session ? await deps.readToken(session.token) : null;
    const ours = caller && caller.clientId === ACCOUNT_CLIENT_ID && caller.accountId && caller.sessionAmr !== null;
    const account = ours ? await deps.identity.accounts.findById(caller.accountId as string) : null;
    if (!session || !caller || !account || account.status !== 'active') {
      await signIn(res, returnTo);
      return null;
    }
    return { account, session, caller };
  }

  /** Only paths of the account pages come back after a sign-in. */
  const backTo = (req: Request) => (req.method === 'GET' && /^\/account(\/[a-z-]+)?$/.test(req.path) ? req.path : '/account');

  return {
    deps, base, signIn,
    page: (handler) => async (req, res, next) => {
      try {
        const who = await signed(req, res, backTo(req));
        if (who) await handler(req, res, who);
      } catch (e) {
        next(e);
      }
    },
    form: (handler) => async (req, res, next) => {
      try {
        const who = await signed(req, res, '/account');
        if (!who) return;
        sessions.checkForm(req, who.session);
        await handler(req, res, who);
      } catch (e) {
        next(e);
      }
    },
    endPageSession: (req, res) => sessions.end(req, res),
    options(req, res, path) {
      const o = pageOptions(req, res, () => '');
      return { ...o, here: path + (o.here.includes('?') ? o.here.slice(o.here.indexOf('?')) : '') };
    },
    callback: async (req, res, next) => {
      try {
        await sessions.callback(req, res);
      } catch (e) {
        next(e);
      }
    },
  };
}
