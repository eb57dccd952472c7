// The handlers every staff console of server-rendered pages shares (the administration console,
// the licence desk): a page session with the SSO (page-session.ts), then, on each request, the
// console's own authorisation check of that session's token. Unauthenticated browsers are sent to
// sign in and come back; a stale one-time password signs in again; someone without the right sees a
// refusal page. Pages show a view, form posts act and show the outcome or the refused fields (or
// move on), and a few GETs answer other than with a page. What a console decides for itself (who
// may open which page, what its pages show) comes in as options.
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

export interface ConsolePagesOptions<Page, Who, View extends AdminView> {
  /** The console's page sessions; the console's app is registered on the first sign-in. */
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
  /** Where a form post without a page session is sent (`gate`). */
  home: string;
  /** Authorization parameters of the sign-in again; without them ERR_STEP_UP_REQUIRED is passed on. */
  stepUp?: Record<string, string>;
  /** The refusal page's options (its title is the heading) and message. */
  refusal(req: Request, res: Response): { o: PageOptions; message: string };
  /** The view of `page` for the signed-in `who`. */
  view(req: Request, res: Response, page: Page, who: Who, session: PageSession): View;
  /** The refusals of an action shown on the page as field issues, with their status. */
  fieldRefusals: Partial<Record<ErrorCode, number>>;
}

/** What an action asks for: a redirect, or the page again with these parts of its view. */
export type Outcome<View> = Partial<View> & { redirect?: string };

export function consolePages<Page, Who, View extends AdminView>(c: ConsolePagesOptions<Page, Who, View>) {
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

  /** The signed-in `who` and their page session, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response, p: Page): Promise<{ who: Who; session: PageSession } | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    try {
      return { who: await c.authorize(req, session, p), session: session as PageSession };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await sessions.signIn(res, c.returnTo(req));
        return null;
      }
      if (isAppError(e, 'ERR_STEP_UP_REQUIRED') && c.stepUp) {
        // Sign in again: a form posted now is not replayed.
        await sessions.signIn(res, c.returnTo(req), c.stepUp);
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        const { o, message } = c.refusal(req, res);
        res.status(403).type('html').send(page(o, `<h1>${esc(o.title)}</h1><p class="error" role="alert">${esc(message)}</p>`));
        return null;
      }
      throw e;
    }
  }

  type Render = (v: View, req: Request) => Promise<string>;

  /** A page. */
  const show = (p: Page, render: Render) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const s = await signed(req, res, p);
      if (!s) return;
      res.type('html').send(await render(c.view(req, res, p, s.who, s.session), req));
    } catch (e) {
      next(e);
    }
  };

  /** A form post: check, act, then show the page again with the outcome or the field issues, or move on. */
  const act = (p: Page, render: Render, action: (req: Request, who: Who, v: View) => Promise<Outcome<View>>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const s = await signed(req, res, p);
      if (!s) return;
      sessions.checkForm(req, s.session);
      const shown = c.view(req, res, p, s.who, s.session);
      const v: View = { ...shown, o: { ...shown.o, here: req.originalUrl.split('?')[0] as string } };
      try {
        const out = await action(req, s.who, v);
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
    } catch (e) {
      next(e);
    }
  };

  /** A GET that answers other than with a page (a file, a job's progress as JSON). */
  const send = (p: Page, handler: (req: Request, res: Response, who: Who) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const s = await signed(req, res, p);
      if (s) await handler(req, res, s.who);
    } catch (e) {
      next(e);
    }
  };

  /**
   * Lets a post on only with a page session (checked again in full by `act`): an upload is read
   * only from a browser signed in to the console, never a stranger's.
   */
  const gate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (await sessions.current(req)) next();
      else res.redirect(303, c.home);
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

  return { signed, show, act, send, gate, callback };
}
