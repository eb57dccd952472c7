// The account page at /account, for citizens, legal persons' representatives and staff: who is
// signed in, changing the password, and starting the real-name check at any time.
// Sign-in as the staff admin pages do (admin-pages.ts): a first-party public client of yinxin's
// own (ACCOUNT_CLIENT_ID) with the authorization code flow and PKCE, server side; the access token
// is kept in the key-value store under a random page-session id, sent as an httpOnly
// SameSite=Strict cookie scoped to /account. Every request reads that token as the API does, so
// an ended SSO session ends the page too. Forms carry a CSRF token and cross-origin posts are refused.
// The real-name check is a new sign-in asking for L2 (`acr_values=L2`): the SSO sends an L1
// citizen through its real-name step and the page comes back at L2.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Account } from '../../domain/account.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
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
import { esc } from '../views/html.ts';
import { pageOptions, readCookie } from '../views/prefs.ts';
import { parseForm } from '../parse.ts';
import { requestContext } from '../request-context.ts';

export const ACCOUNT_CLIENT_ID = 'yinxin-account';
const COOKIE = 'yx_account';
/** Binds a pending sign-in to the browser that started it. */
const STATE_COOKIE = 'yx_account_state';
const LOGIN_TTL_S = 600;

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

interface PageSession { token: string; csrf: string }

const passwordForm = z.object({
  csrf: z.string(),
  current: z.string().min(1).max(256),
  password: z.string().min(1).max(256),
  confirm: z.string().min(1).max(256),
}).strict();

const pageKey = (id: string) => `account-page:${id}`;
const loginKey = (state: string) => `account-login:${state}`;
const b64 = (n: number) => randomBytes(n).toString('base64url');
const PROBLEMS: readonly string[] = ['wrong', 'too_short', 'mismatch', 'same_as_current'] satisfies AccountProblem[];

export function accountPageRoutes(deps: AccountPageDeps): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  const redirectUri = `${base}/account/callback`;
  const secure = base.startsWith('https:');
  let registered = false;

  /** Send the browser to sign in (asking for `acr` when given), to come back to /account. */
  async function signIn(res: Response, acr?: 'L2'): Promise<void> {
    if (!registered) {
      await ensureBuiltinApp(deps.apps, accountApp(base));
      registered = true;
    }
    const state = b64(24);
    const verifier = b64(32);
    await deps.kv.set(loginKey(state), verifier, LOGIN_TTL_S);
    res.cookie(STATE_COOKIE, state, { path: '/account', httpOnly: true, sameSite: 'lax', secure, maxAge: LOGIN_TTL_S * 1000 });
    const u = new URL(`${base}/oidc/auth`);
    for (const [k, v] of Object.entries({
      client_id: ACCOUNT_CLIENT_ID, response_type: 'code', redirect_uri: redirectUri, scope: `openid ${IDENTITY_SCOPE}`, resource: `${base}/api`,
      state, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...(acr ? { acr_values: acr } : {}),
    })) u.searchParams.set(k, v);
    res.redirect(303, u.href);
  }

  /** The signed-in person and their page session, or null after starting a sign-in. */
  async function signed(req: Request, res: Response): Promise<{ account: Account; session: PageSession } | null> {
    res.set('Cache-Control', 'no-store');
    const id = readCookie(req.headers.cookie, COOKIE);
    const stored = id && /^[A-Za-z0-9_-]{43}$/.test(id) ? await deps.kv.get(pageKey(id)) : null;
    const session = stored ? (JSON.parse(stored) as PageSession) : null;
    const caller = session ? await deps.readToken(session.token) : null;
    const ours = caller && caller.clientId === ACCOUNT_CLIENT_ID && caller.accountId && caller.sessionAmr !== null;
    const account = ours ? await deps.identity.accounts.findById(caller.accountId as string) : null;
    if (!session || !account || account.status !== 'active') {
      await signIn(res);
      return null;
    }
    return { account, session };
  }

  function checkForm(req: Request, session: PageSession): void {
    const origin = req.headers.origin;
    if (origin && origin !== 'null' && origin !== new URL(base).origin) throw new AppError('ERR_FORBIDDEN', 'cross-origin form post');
    const given = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
    const expected = Buffer.from(session.csrf);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('ERR_FORBIDDEN', 'bad CSRF token');
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
      res.set('Cache-Control', 'no-store');
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const ours = /^[A-Za-z0-9_-]{32}$/.test(state) && readCookie(req.headers.cookie, STATE_COOKIE) === state;
      const verifier = ours ? await deps.kv.take(loginKey(state)) : null;
      res.clearCookie(STATE_COOKIE, { path: '/account' });
      if (!verifier || typeof req.query.code !== 'string') throw new AppError('ERR_VALIDATION', 'unknown or used sign-in state');
      const tokenRes = await fetch(`${base}/oidc/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: req.query.code, redirect_uri: redirectUri, client_id: ACCOUNT_CLIENT_ID, code_verifier: verifier, resource: `${base}/api` }),
      });
      const tokens = await tokenRes.json() as { access_token?: string; expires_in?: number };
      if (!tokenRes.ok || !tokens.access_token) throw new AppError('ERR_UNAUTHENTICATED', 'the sign-in did not give a token');
      const old = readCookie(req.headers.cookie, COOKIE);
      if (old && /^[A-Za-z0-9_-]{43}$/.test(old)) await deps.kv.take(pageKey(old));
      const id = b64(32);
      const ttl = Math.max(1, Math.min(tokens.expires_in ?? 600, 3600));
      await deps.kv.set(pageKey(id), JSON.stringify({ token: tokens.access_token, csrf: b64(32) } satisfies PageSession), ttl);
      res.cookie(COOKIE, id, { path: '/account', httpOnly: true, sameSite: 'strict', secure, maxAge: ttl * 1000 });
      // SameSite=Strict cookies are not sent on this cross-site-initiated navigation; a page of
      // our own that moves on keeps the next request same-site.
      res.type('html').send(`<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/account"><a href="/account">${esc('/account')}</a>`);
    } catch (e) {
      next(e);
    }
  });

  r.post('/account/password', async (req, res, next) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      checkForm(req, who.session);
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
      checkForm(req, who.session);
      await signIn(res, 'L2');
    } catch (e) {
      next(e);
    }
  });
  return r;
}
