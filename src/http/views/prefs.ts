// Language and text size for a page: chosen by query (`?lang=en`, `?large=1`) and remembered in
// cookies, else taken from Accept-Language.
import type { Request, Response } from 'express';
import { shortRef } from './html.ts';
import type { PageOptions } from './html.ts';
import { messages, pickLang } from './i18n.ts';

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * Remembers a language or text size chosen by query in cookies. Also called before a redirect to
 * sign in: the sign-in pages have no such query, so the choice reaches them only by cookie.
 */
export function rememberChoices(req: Request, res: Response): void {
  const opts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: req.secure, maxAge: 365 * 24 * 3600 * 1000 };
  if (req.query.lang === 'en' || req.query.lang === 'zh') res.cookie('yx_lang', req.query.lang, opts);
  if (req.query.large === '1' || req.query.large === '0') res.cookie('yx_large', req.query.large, opts);
}

/** Page options for `title` (a key of the messages), remembering choices made by query. */
export function pageOptions(req: Request, res: Response, title: (t: ReturnType<typeof messages>) => string): PageOptions {
  const cookies = req.headers.cookie;
  const lang = pickLang(req.query.lang, readCookie(cookies, 'yx_lang'), req.headers['accept-language']);
  const largeQuery = req.query.large;
  const large = largeQuery === '1' ? true : largeQuery === '0' ? false : readCookie(cookies, 'yx_large') === '1';
  rememberChoices(req, res);
  const t = messages(lang);
  return { lang, t, large, title: title(t), here: req.originalUrl, ref: shortRef(req.id) };
}

/**
 * The same for a request oidc-provider handles (a koa context), which sets no cookies. Express
 * keeps the full path (with /oidc) on the node request; koa sees only the part after the mount.
 */
export function koaPageOptions(
  ctx: { query: Record<string, unknown>; get(h: string): string; originalUrl: string; req: object },
  title: (t: ReturnType<typeof messages>) => string,
): PageOptions {
  const cookies = ctx.get('cookie');
  const lang = pickLang(ctx.query.lang, readCookie(cookies, 'yx_lang'), ctx.get('accept-language'));
  const t = messages(lang);
  // ctx.req is the node request express handled first: it carries express's request id.
  const req = ctx.req as { originalUrl?: string; id?: unknown };
  return { lang, t, large: readCookie(cookies, 'yx_large') === '1', title: title(t), here: req.originalUrl ?? ctx.originalUrl, ref: shortRef(req.id) };
}
