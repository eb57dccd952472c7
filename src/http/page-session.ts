// Page sessions for yinxin's own server-rendered pages that act through its API (the staff admin
// pages, the account page): each is a public first-party app that signs in through the SSO with
// the authorization code flow and PKCE on the server. The server exchanges the code at
// `PUBLIC_URL/oidc/token` for an API access token and keeps it in the key-value store under a
// random page-session id, sent as an `httpOnly`, `SameSite=Strict` cookie scoped to the pages'
// path. A pending sign-in (state and PKCE verifier) is bound to the browser that started it by a
// short-lived cookie, so no one can land their own authorization code in someone else's browser.
// Every form carries the session's CSRF token; cross-origin posts are refused.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from '../domain/errors.ts';
import { esc } from './views/html.ts';
import { readCookie, rememberChoices } from './views/prefs.ts';

export interface PageSession { token: string; csrf: string }

export interface PageSessionOptions {
  /** PUBLIC_URL without a trailing slash. */
  base: string;
  /** Where the pages live (`/admin`): the cookies' path; the callback is `${path}/callback`. */
  path: string;
  clientId: string;
  scope: string;
  /** Cookie names: the page session, and the pending sign-in. */
  cookie: string;
  stateCookie: string;
  /** Prefix of the key-value store's keys. */
  keyPrefix: string;
  kv: { get(key: string): Promise<string | null>; set(key: string, value: string, ttlSeconds?: number): Promise<void>; take(key: string): Promise<string | null> };
  /** Makes sure the pages' app is registered (processes started without the container's start-up). */
  ensureApp(): Promise<void>;
}

const LOGIN_TTL_S = 600;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const STATE = /^[A-Za-z0-9_-]{32}$/;
const b64 = (n: number) => randomBytes(n).toString('base64url');

export function pageSessions(o: PageSessionOptions) {
  const redirectUri = `${o.base}${o.path}/callback`;
  const secure = o.base.startsWith('https:');
  const pageKey = (id: string) => `${o.keyPrefix}-page:${id}`;
  const loginKey = (state: string) => `${o.keyPrefix}-login:${state}`;

  return {
    /** Send the browser to sign in, to come back to `returnTo` (a path of the pages'). */
    async signIn(res: Response, returnTo: string, extra: Record<string, string> = {}): Promise<void> {
      await o.ensureApp();
      // A `?large=1` or `?lang=en` on the page asked for holds on the sign-in pages too.
      rememberChoices(res.req, res);
      const state = b64(24);
      const verifier = b64(32);
      await o.kv.set(loginKey(state), JSON.stringify({ verifier, returnTo }), LOGIN_TTL_S);
      res.cookie(o.stateCookie, state, { path: o.path, httpOnly: true, sameSite: 'lax', secure, maxAge: LOGIN_TTL_S * 1000 });
      const u = new URL(`${o.base}/oidc/auth`);
      for (const [k, v] of Object.entries({
        client_id: o.clientId, response_type: 'code', redirect_uri: redirectUri, scope: o.scope, resource: `${o.base}/api`,
        state, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', ...extra,
      })) u.searchParams.set(k, v);
      res.redirect(303, u.href);
    },

    /** The page session the browser's cookie names, or null. */
    async current(req: Request): Promise<PageSession | null> {
      const id = readCookie(req.headers.cookie, o.cookie);
      const stored = id && SESSION_ID.test(id) ? await o.kv.get(pageKey(id)) : null;
      return stored ? (JSON.parse(stored) as PageSession) : null;
    },

    /** The callback: exchange the code, start a page session (ending the browser's old one), move on. */
    async callback(req: Request, res: Response): Promise<void> {
      res.set('Cache-Control', 'no-store');
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const ours = STATE.test(state) && readCookie(req.headers.cookie, o.stateCookie) === state;
      const pending = ours ? await o.kv.take(loginKey(state)) : null;
      res.clearCookie(o.stateCookie, { path: o.path });
      if (!pending || typeof req.query.code !== 'string') throw new AppError('ERR_VALIDATION', 'unknown or used sign-in state');
      const { verifier, returnTo } = JSON.parse(pending) as { verifier: string; returnTo: string };
      const tokenRes = await fetch(`${o.base}/oidc/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: req.query.code, redirect_uri: redirectUri, client_id: o.clientId, code_verifier: verifier, resource: `${o.base}/api` }),
      });
      const tokens = await tokenRes.json() as { access_token?: string; expires_in?: number };
      if (!tokenRes.ok || !tokens.access_token) throw new AppError('ERR_UNAUTHENTICATED', 'the sign-in did not give a token');
      const old = readCookie(req.headers.cookie, o.cookie);
      if (old && SESSION_ID.test(old)) await o.kv.take(pageKey(old));
      const id = b64(32);
      const ttl = Math.max(1, Math.min(tokens.expires_in ?? 600, 3600));
      await o.kv.set(pageKey(id), JSON.stringify({ token: tokens.access_token, csrf: b64(32) } satisfies PageSession), ttl);
      res.cookie(o.cookie, id, { path: o.path, httpOnly: true, sameSite: 'strict', secure, maxAge: ttl * 1000 });
      // SameSite=Strict cookies are not sent on this cross-site-initiated navigation; a page of
      // our own that moves on keeps the next request same-site.
      res.type('html').send(`<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${esc(returnTo)}"><a href="${esc(returnTo)}">${esc(returnTo)}</a>`);
    },

    /** End the browser's page session: its stored token goes and its cookie is cleared. */
    async end(req: Request, res: Response): Promise<void> {
      const id = readCookie(req.headers.cookie, o.cookie);
      if (id && SESSION_ID.test(id)) await o.kv.take(pageKey(id));
      res.clearCookie(o.cookie, { path: o.path });
    },

    /** A form post must come from our origin and carry the session's CSRF token. */
    checkForm(req: Request, session: PageSession): void {
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && origin !== new URL(o.base).origin) throw new AppError('ERR_FORBIDDEN', 'cross-origin form post');
      const given = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
      const expected = Buffer.from(session.csrf);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('ERR_FORBIDDEN', 'bad CSRF token');
    },
  };
}
