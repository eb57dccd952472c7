// The handlers every group of yinxin's own server-rendered pages shares (the administration
// console, the licence desk, the audit page, the account pages): a page session with the SSO
// (page-session.ts), then, on each request, the pages' own authorisation check of that session's
// token. Unauthenticated browsers are sent to sign in and come back; a stale one-time password
// signs in again; someone without the right sees a refusal page. A staff console (`consolePages`)
// also shows a view, acts on form posts and shows the outcome or the refused fields (or moves on).
// What the pages decide for themselves (who may open which page, what it shows) comes in as options.
import type { NextFunction, Request, Response } from 'express';
import type { ErrorCode } from '../domain/errors.ts';
import { isAppError } from '../domain/errors.ts';
import type { AppDeps } from '../services/apps/app-registration.ts';
import { ensureBuiltinApp } from '../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../services/apps/register-app.ts';
import type { FieldIssue } from '../services/staff/staff-deps.ts';
import type { AdminView } from './views/admin-frame.ts';
import { esc, page } from './views/html.ts';
import type { PageOptions } from './views/html.ts';
import { pageSessions } from './page-session.ts';
import type { PageSession, PageSessionOptions } from './page-session.ts';

export interface SignedPagesOptions<Page, Who> {
  /** The pages' page sessions; their app is registered on the first sign-in. */
  session: Omit<PageSessionOptions, 'ensureApp'>;
  apps: AppDeps;
  app: AppRegistration & { clientId: string; public: true };
  /**
   * Who may open `page` with the page session's token (null: none): throws ERR_UNAUTHENTICATED
   * (sign in), ERR_STEP_UP_REQUIRED (sign in again, with `stepUp`) or ERR_FORBIDDEN (refused).
   */
  authorize(req: Request, session: PageSession | null, page: Page): Promise<Who>;
  /** Where a sign-in started by `req` comes back to. */
  returnTo(req: Request): string;
  /** Authorization parameters of every sign-in of these pages. */
  signInParams?: Record<string, string>;
  /** Authorization parameters of the sign-in again; without them ERR_STEP_UP_REQUIRED is passed on. */
  stepUp?: Record<string, string>;
  /** The refusal page's options (its title is the heading) and message; without it ERR_FORBIDDEN is passed on. */
  refusal?(req: Request, res: Response): { o: PageOptions; message: string };
}

type Answer<Who> = (req: Request, res: Response, who: Who, session: PageSession) => Promise<void> | void;

export function signedPages<Page, Who>(c: SignedPagesOptions<Page, Who>) {
  let registered = false;
  const sessions = pageSessions({
    ...c.session,
    // Registered at every start (container.ts); checked here once for processes started without it.
    ensureApp: async () => {
      if (registered) return;
      await ensureBuiltinApp(c.apps, c.app);
      registered = true;
    },
  });

  /** Send the browser to sign in, to come back to `returnTo`, with extra authorization parameters. */
  const signIn = (res: Response, returnTo: string, extra: Record<string, string> = {}) => sessions.signIn(res, returnTo, { ...c.signInParams, ...extra });

  /** The signed-in `who` and their page session, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response, p: Page): Promise<{ who: Who; session: PageSession } | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    try {
      return { who: await c.authorize(req, session, p), session: session as PageSession };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await signIn(res, c.returnTo(req));
        return null;
      }
      if (isAppError(e, 'ERR_STEP_UP_REQUIRED') && c.stepUp) {
        // Sign in again: a form posted now is not replayed.
        await signIn(res, c.returnTo(req), c.stepUp);
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN') && c.refusal) {
        const { o, message } = c.refusal(req, res);
        res.status(403).type('html').send(page(o, `<h1>${esc(o.title)}</h1><p class="error" role="alert">${esc(message)}</p>`));
        return null;
      }
      throw e;
    }
  }

  /** A request that `answer` answers once the browser is signed in. */
  const send = (p: Page, answer: Answer<Who>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const s = await signed(req, res, p);
      if (s) await answer(req, res, s.who, s.session);
    } catch (e) {
      next(e);
    }
  };

  /** A form post that `answer` answers once signed in, from our origin, with the page session's CSRF token. */
  const form = (p: Page, answer: Answer<Who>) => send(p, async (req, res, who, session) => {
    sessions.checkForm(req, session);
    await answer(req, res, who, session);
  });

  /** Lets a request on only with a page session (checked again in full by its handler), else sends it `home`. */
  const gate = (home: string) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (await sessions.current(req)) next();
      else res.redirect(303, home);
    } catch (e) {
      next(e);
    }
  };

  const callback = async (req: Request, res: Response, next: NextFunction) => {
    try {
      await sessions.callback(req, res);
    } catch (e) {
      next(e);
    }
  };

  /** End the browser's page session (its key and cookie); the SSO session is ended apart. */
  const end = (req: Request, res: Response) => sessions.end(req, res);

  return { signIn, signed, send, form, gate, callback, end };
}

export interface ConsolePagesOptions<Page, Who, View extends AdminView> extends SignedPagesOptions<Page, Who> {
  /** Where a form post without a page session is sent (`gate`). */
  home: string;
  refusal(req: Request, res: Response): { o: PageOptions; message: string };
  /** The view of `page` for the signed-in `who`. */
  view(req: Request, res: Response, page: Page, who: Who, session: PageSession): View;
  /** The refusals of an action shown on the page as field issues, with their status. */
  fieldRefusals: Partial<Record<ErrorCode, number>>;
}

/** What an action asks for: a redirect, or the page again with these parts of its view. */
export type Outcome<View> = Partial<View> & { redirect?: string };

export function consolePages<Page, Who, View extends AdminView>(c: ConsolePagesOptions<Page, Who, View>) {
  const pages = signedPages(c);

  type Render = (v: View, req: Request) => Promise<string>;

  /** A page. */
  const show = (p: Page, render: Render) => pages.send(p, async (req, res, who, session) => {
    res.type('html').send(await render(c.view(req, res, p, who, session), req));
  });

  /** A form post: check, act, then show the page again with the outcome or the field issues, or move on. */
  const act = (p: Page, render: Render, action: (req: Request, who: Who, v: View) => Promise<Outcome<View>>) => pages.form(p, async (req, res, who, session) => {
    const shown = c.view(req, res, p, who, session);
    const v: View = { ...shown, o: { ...shown.o, here: req.originalUrl.split('?')[0] as string } };
    try {
      const out = await action(req, who, v);
      if (out.redirect) {
        res.redirect(303, out.redirect);
        return;
      }
      res.type('html').send(await render({ ...v, ...out }, req));
    } catch (e) {
      const status = isAppError(e) ? c.fieldRefusals[e.code] : undefined;
      if (!isAppError(e) || status === undefined) throw e;
      const issues = (e.details?.issues as FieldIssue[] | undefined) ?? [{ path: [], code: e.code, message: e.message }];
      res.status(status).type('html').send(await render({ ...v, issues }, req));
    }
  });

  /** A GET that answers other than with a page (a file, a job's progress as JSON). */
  const send = (p: Page, handler: (req: Request, res: Response, who: Who) => Promise<void>) => pages.send(p, (req, res, who) => handler(req, res, who));

  return {
    signed: pages.signed, show, act, send, callback: pages.callback,
    /**
     * Lets a post on only with a page session (checked again in full by `act`): an upload is read
     * only from a browser signed in to the console, never a stranger's.
     */
    gate: pages.gate(c.home),
  };
}
