// The licence desk's sign-in and checks, shared by its pages (/desk/licences…): the licence
// issuers' pages, beside the seal desk. A first-party public app of yinxin's own
// (LICENCE_DESK_CLIENT_ID, registered at every start) that signs in through the SSO with the code
// flow and PKCE on the server (page-session.ts, console-pages.ts), with the `licences` scope. Every request checks the
// page session's token exactly as /api/licences does (authorize-licence-issuer.ts): an active staff
// member with the licence issuer role whose department (or one above it) has a credit code; that
// department is the issuer. Forms carry a CSRF token kept with the page session.
import type { Request, Response } from 'express';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import type { AuditLog } from '../../services/audit/audit-log.ts';
import { authorizeLicenceIssuer, LICENCE_STAFF_SCOPE } from '../../services/licences/authorize-licence-issuer.ts';
import type { LicenceIssuerActor } from '../../services/licences/authorize-licence-issuer.ts';
import type { FieldIssue } from '../../services/licences/licence-deps.ts';
import { adminMessages } from '../views/admin-i18n.ts';
import { licenceDeskMessages } from '../views/licence-desk-i18n.ts';
import type { DeskView } from '../views/licence-desk-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { consolePages } from '../console-pages.ts';
import type { PageSessionOptions } from '../page-session.ts';
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
  kv: PageSessionOptions['kv'];
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
}

type Render = (v: DeskView, req: Request) => Promise<string>;
type Outcome = { notice?: string; redirect?: string; issues?: FieldIssue[] };

export function licenceDeskConsole(deps: LicenceDeskConsoleDeps) {
  const base = deps.publicUrl.replace(/\/+$/, '');

  const viewOf = (req: Request, res: Response, csrf: string, actor: LicenceIssuerActor | null): DeskView => {
    const o = pageOptions(req, res, () => '');
    const m = licenceDeskMessages(o.lang);
    // The frame names its navigation by `console`: here, the desk.
    const a = { ...adminMessages(o.lang), console: m.title };
    const nav = [{ href: DESK, label: m.list }, { href: `${DESK}/new`, label: m.issue }, { href: `${DESK}/imports`, label: m.imports }];
    return { o: { ...o, title: m.title }, a, m, csrf, actorId: actor?.id ?? '', nav, issuer: actor?.issuer ?? { code: '', name: '' } };
  };

  // The desk is one gate (the licence issuer's): its pages need no page descriptor.
  const pages = consolePages<null, LicenceIssuerActor, DeskView>({
    session: { base, path: DESK, clientId: LICENCE_DESK_CLIENT_ID, scope: `openid ${LICENCE_STAFF_SCOPE}`, cookie: 'yx_licdesk', stateCookie: 'yx_licdesk_state', keyPrefix: 'licdesk', kv: deps.kv },
    apps: deps.apps,
    app: licenceDeskApp(base),
    authorize: async (req, session) => authorizeLicenceIssuer(deps, session ? await deps.readToken(session.token) : null, requestContext(req)),
    returnTo: (req) => (req.method === 'GET' && req.originalUrl.startsWith(`${DESK}`) ? req.originalUrl : DESK),
    home: DESK,
    refusal(req, res) {
      const v = viewOf(req, res, '', null);
      return { o: v.o, message: v.m.forbidden };
    },
    view: (req, res, _page, actor, session) => viewOf(req, res, session.csrf, actor),
    fieldRefusals: { ERR_VALIDATION: 400, ERR_CONFLICT: 409, ERR_LICENCE_TRANSITION: 409, ERR_PAYLOAD_TOO_LARGE: 413 },
  });

  return {
    /** A page of the desk. */
    show: (render: Render) => pages.show(null, render),
    /** A GET of the desk that answers other than with a page: a file, a job's progress. */
    send: (handler: (req: Request, res: Response, actor: LicenceIssuerActor) => Promise<void>) => pages.send(null, handler),
    /** A form post: check, act, then show the page again with the outcome or the field issues, or move on. */
    act: (render: Render, action: (req: Request, actor: LicenceIssuerActor, v: DeskView) => Promise<Outcome>) => pages.act(null, render, action),
    callback: pages.callback,
    gate: pages.gate,
  };
}
