// The licence desk's sign-in and checks, shared by its pages (/desk/licences…): the licence
// issuers' pages, beside the seal desk. A first-party public app of yinxin's own
// (LICENCE_DESK_CLIENT_ID, registered at every start) that signs in through the SSO with the code
// flow and PKCE on the server (page-session.ts), with the `licences` scope. Every request checks the
// page session's token exactly as /api/licences does (authorize-licence-issuer.ts): an active staff
// member with the licence issuer role whose department (or one above it) has a credit code; that
// department is the issuer. Forms carry a CSRF token kept with the page session.
import type { NextFunction, Request, Response } from 'express';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import type { AuditLog } from '../../services/audit/audit-log.ts';
import { authorizeLicenceIssuer, LICENCE_STAFF_SCOPE } from '../../services/licences/authorize-licence-issuer.ts';
import type { LicenceIssuerActor } from '../../services/licences/authorize-licence-issuer.ts';
import type { FieldIssue } from '../../services/licences/licence-deps.ts';
import { adminMessages } from '../views/admin-i18n.ts';
import { esc, page } from '../views/html.ts';
import { licenceDeskMessages } from '../views/licence-desk-i18n.ts';
import type { DeskView } from '../views/licence-desk-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { pageSessions } from '../page-session.ts';
import { requestContext } from '../request-context.ts';

export const LICENCE_DESK_CLIENT_ID = 'yinxin-licence-desk';
export const DESK = '/desk/licences';

/** The desk's registration as an app of yinxin's (public client, code flow, licences scope). */
export function licenceDeskApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: LICENCE_DESK_CLIENT_ID, name: '证照签发工作台', kind: 'first_party', public: true, redirectUris: [`${publicUrl}${DESK}/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', LICENCE_STAFF_SCOPE], fullIdNumber: false,
  };
}

export interface LicenceDeskConsoleDeps {
  apps: AppDeps;
  accounts: Parameters<typeof authorizeLicenceIssuer>[0]['accounts'];
  audit: AuditLog;
  kv: Parameters<typeof pageSessions>[0]['kv'];
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
}


type Render = (v: DeskView, req: Request) => Promise<string>;
type Outcome = { notice?: string; redirect?: string; issues?: FieldIssue[] };

export function licenceDeskConsole(deps: LicenceDeskConsoleDeps) {
  const base = deps.publicUrl.replace(/\/+$/, '');
  let registered = false;
  const sessions = pageSessions({
    base, path: DESK, clientId: LICENCE_DESK_CLIENT_ID, scope: `openid ${LICENCE_STAFF_SCOPE}`, cookie: 'yx_licdesk', stateCookie: 'yx_licdesk_state', keyPrefix: 'licdesk', kv: deps.kv,
    ensureApp: async () => {
      if (registered) return;
      await ensureBuiltinApp(deps.apps, licenceDeskApp(base));
      registered = true;
    },
  });

  const viewOf = (req: Request, res: Response, csrf: string, actor: LicenceIssuerActor | null): DeskView => {
    const o = pageOptions(req, res, () => '');
    const m = licenceDeskMessages(o.lang);
    // The frame names its navigation by `console`: here, the desk.
    const a = { ...adminMessages(o.lang), console: m.title };
    const nav = [{ href: DESK, label: m.list }, { href: `${DESK}/new`, label: m.issue }, { href: `${DESK}/imports`, label: m.imports }];
    return { o: { ...o, title: m.title }, a, m, csrf, actorId: actor?.id ?? '', nav, issuer: actor?.issuer ?? { code: '', name: '' } };
  };

  /** The signed-in licence issuer, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    try {
      const caller = session ? await deps.readToken(session.token) : null;
      const actor = await authorizeLicenceIssuer(deps, caller, requestContext(req));
      return { actor, session: session as NonNullable<typeof session> };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await sessions.signIn(res, req.method === 'GET' && req.originalUrl.startsWith(`${DESK}`) ? req.originalUrl : DESK);
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        const v = viewOf(req, res, '', null);
        res.status(403).type('html').send(page(v.o, `<h1>${esc(v.m.title)}</h1><p class="error" role="alert">${esc(v.m.forbidden)}</p>`));
        return null;
      }
      throw e;
    }
  }

  /** A page of the desk. */
  const show = (render: Render) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      res.type('html').send(await render(viewOf(req, res, who.session.csrf, who.actor), req));
    } catch (e) {
      next(e);
    }
  };

  /** A GET of the desk that answers other than with a page: a file, a job's progress. */
  const send = (handler: (req: Request, res: Response, actor: LicenceIssuerActor) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res);
      if (who) await handler(req, res, who.actor);
    } catch (e) {
      next(e);
    }
  };

  /** A form post: check, act, then show the page again with the outcome or the field issues, or move on. */
  const act = (render: Render, action: (req: Request, actor: LicenceIssuerActor, v: DeskView) => Promise<Outcome>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      sessions.checkForm(req, who.session);
      const v = viewOf(req, res, who.session.csrf, who.actor);
      v.o = { ...v.o, here: req.originalUrl.split('?')[0] as string };
      try {
        const out = await action(req, who.actor, v);
        if (out.redirect) {
          res.redirect(303, out.redirect);
          return;
        }
        res.type('html').send(await render({ ...v, ...out }, req));
      } catch (e) {
        if (!isAppError(e, 'ERR_VALIDATION') && !isAppError(e, 'ERR_CONFLICT') && !isAppError(e, 'ERR_LICENCE_TRANSITION') && !isAppError(e, 'ERR_PAYLOAD_TOO_LARGE')) throw e;
        const issues = (e.details?.issues as FieldIssue[] | undefined) ?? [{ path: [], code: e.code, message: e.message }];
        res.status(isAppError(e, 'ERR_VALIDATION') ? 400 : isAppError(e, 'ERR_PAYLOAD_TOO_LARGE') ? 413 : 409).type('html').send(await render({ ...v, issues }, req));
      }
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

  /**
   * Lets a post on only with a page session (checked again in full by `act`): an upload is read
   * only from a browser signed in to the desk, never a stranger's.
   */
  const gate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (await sessions.current(req)) next();
      else res.redirect(303, DESK);
    } catch (e) {
      next(e);
    }
  };

  return { show, send, act, callback, gate };
}
