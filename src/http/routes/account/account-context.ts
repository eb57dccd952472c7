// What every section of the account pages shares: the page session (page-session.ts, console-pages.ts) with the
// SSO, who is signed in, and two handler wrappers: `page` for a GET that shows a section and
// `form` for a POST from one (same origin, the session's CSRF token). A section is a small router
// of its own (password.ts, real-name.ts, …) mounted by index.ts.
import type { Request, RequestHandler, Response } from 'express';
import type { Account } from '../../../domain/account.ts';
import { AppError } from '../../../domain/errors.ts';
import type { AppDeps } from '../../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../../services/apps/authorize-app-admin.ts';
import type { AppRegistration } from '../../../services/apps/register-app.ts';
import type { IdentityDeps } from '../../../services/identity/identity-deps.ts';
import type { OwnAccountDeps } from '../../../services/identity/own-account-deps.ts';
import { IDENTITY_SCOPE } from '../../../services/identity/verify-real-name.ts';
import type { PageOptions } from '../../views/html.ts';
import { pageOptions } from '../../views/prefs.ts';
import { signedPages } from '../../console-pages.ts';
import type { PageSession, PageSessionOptions } from '../../page-session.ts';

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
  kv: PageSessionOptions['kv'];
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
  // The account pages never refuse: whoever is not signed in here, with an active account, signs in.
  const pages = signedPages<null, Signed>({
    session: { base, path: '/account', clientId: ACCOUNT_CLIENT_ID, scope: `openid ${IDENTITY_SCOPE}`, cookie: COOKIE, stateCookie: STATE_COOKIE, keyPrefix: 'account', kv: deps.kv },
    apps: deps.apps,
    app: accountApp(base),
    async authorize(_req, session) {
      const caller = session ? await deps.readToken(session.token) : null;
      const ours = caller && caller.clientId === ACCOUNT_CLIENT_ID && caller.accountId && caller.sessionAmr !== null;
      const account = ours ? await deps.identity.accounts.findById(caller.accountId as string) : null;
      if (!session || !caller || !account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'not signed in to the account pages');
      return { account, session, caller };
    },
    // Only paths of the account pages come back after a sign-in; a form post comes back to the overview.
    returnTo: (req) => (req.method === 'GET' && /^\/account(\/[a-z-]+)?$/.test(req.path) ? req.path : '/account'),
  });

  return {
    deps, base, signIn: pages.signIn,
    page: (handler) => pages.send(null, handler),
    form: (handler) => pages.form(null, handler),
    endPageSession: pages.end,
    options(req, res, path) {
      const o = pageOptions(req, res, () => '');
      return { ...o, here: path + (o.here.includes('?') ? o.here.slice(o.here.indexOf('?')) : '') };
    },
    callback: pages.callback,
  };
}
