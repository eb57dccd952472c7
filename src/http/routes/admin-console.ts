// The administration console's sign-in and checks, shared by its pages (/admin/staff, /admin/roles,
// /admin/apps, /admin/service-items…): a first-party app of yinxin's own (STAFF_ADMIN_CLIENT_ID, a public client
// registered at every start) that signs in through the SSO with the authorization code flow and
// PKCE on the server (page-session.ts, console-pages.ts). Every request checks the page session's token exactly as the
// API does, for the duty the page belongs to (domain/admin-duties.ts): the role that holds it, a
// one-time password within the configured age (else the administrator signs in again, with
// `max_age`), the session still open; disabling an administrator or ending their SSO session ends
// the pages too. Forms carry a CSRF token kept with the page session; cross-origin posts are refused.
import type { NextFunction, Request, Response } from 'express';
import type { StaffRole } from '../../domain/account.ts';
import { ADMIN_DUTIES } from '../../domain/admin-duties.ts';
import type { AdminDuty } from '../../domain/admin-duties.ts';
import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { ADMIN_OTP_MAX_AGE_S, ADMIN_SCOPE, authorizeAdminDuty } from '../../services/apps/authorize-app-admin.ts';
import type { AdminAuthDeps, ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import type { AdminView } from '../views/admin-frame.ts';
import { adminMessages } from '../views/admin-i18n.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { esc, page } from '../views/html.ts';
import { pageOptions } from '../views/prefs.ts';
import { consolePages } from '../console-pages.ts';
import type { PageSession } from '../page-session.ts';
import { requestContext } from '../request-context.ts';

export const STAFF_ADMIN_CLIENT_ID = 'yinxin-staff-admin';
const COOKIE = 'yx_admin';
/** Binds a pending sign-in to the browser that started it (no one else's code can land here). */
const STATE_COOKIE = 'yx_admin_state';

/** The console's registration as an app of yinxin's (public client, code flow, admin scope). */
export function staffAdminApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: STAFF_ADMIN_CLIENT_ID, name: '管理控制台', kind: 'first_party', public: true, redirectUris: [`${publicUrl}/admin/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', 'admin'], fullIdNumber: false,
  };
}

export interface AdminConsoleDeps {
  auth: AdminAuthDeps;
  apps: AppDeps;
  /** Where page sessions and pending sign-ins are kept (the shared key-value store). */
  kv: { get(key: string): Promise<string | null>; set(key: string, value: string, ttlSeconds?: number): Promise<void>; take(key: string): Promise<string | null> };
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
}

/** The signed-in administrator: who acts, their page session, their roles (for the navigation). */
export interface Signed {
  actor: { id: string; kind: 'staff'; clientIp: string | null; requestId: string | null };
  session: PageSession;
  roles: StaffRole[];
}

/**
 * Who may open a page: the holder of an administrative duty; or that holder and staff with one of
 * some business roles (the seal pages, where seal keepers apply and seal approvers approve). The
 * business roles sign in without the administrators' one-time password; what each may do there is
 * the use cases' to decide, exactly as through the API.
 */
export type PageGate = AdminDuty | { duty: AdminDuty; alsoRoles: readonly StaffRole[] };

/** The seal pages: the security administrator's (`seals` duty), seal keepers' and seal approvers'. */
export const SEAL_PAGES: PageGate = { duty: 'seals', alsoRoles: ['seal_keeper', 'seal_approver'] };

const dutyOf = (gate: PageGate): AdminDuty => (typeof gate === 'string' ? gate : gate.duty);
/** True when `roles` open pages of `gate` as business staff (not as the duty's administrator). */
const asBusiness = (gate: PageGate, roles: readonly StaffRole[]) =>
  typeof gate !== 'string' && !roles.includes(ADMIN_DUTIES[gate.duty]) && roles.some((r) => gate.alsoRoles.includes(r));
const admits = (gate: PageGate, roles: readonly StaffRole[]) => roles.includes(ADMIN_DUTIES[dutyOf(gate)]) || asBusiness(gate, roles);

/** The console's pages, in the navigation's order. */
const PAGES: { gate: PageGate; href: string; label: (a: AdminMessages) => string }[] = [
  { gate: 'staff', href: '/admin/staff', label: (a) => a.staff },
  { gate: 'departments', href: '/admin/departments', label: (a) => a.departments },
  { gate: 'apps', href: '/admin/apps', label: (a) => a.apps },
  { gate: 'apps', href: '/admin/service-items', label: (a) => a.serviceItems },
  { gate: 'roles', href: '/admin/roles', label: (a) => a.rolesPage },
  { gate: 'accounts', href: '/admin/accounts', label: (a) => a.accountsPage },
  { gate: 'sessions', href: '/admin/sessions', label: (a) => a.sessionsPage },
  { gate: SEAL_PAGES, href: '/admin/seals', label: (a) => a.sealsPage },
  // A page of its own sign-in (admin-audit-page.ts); listed so that /admin sends auditors there.
  { gate: 'audit', href: '/admin/audit', label: (a) => a.auditPage },
];

export function adminConsole(deps: AdminConsoleDeps) {
  const base = deps.publicUrl.replace(/\/+$/, '');
  const maxAge = deps.auth.adminOtpMaxAgeS ?? ADMIN_OTP_MAX_AGE_S;

  const messagesFor = (req: Request, res: Response, title: (a: AdminMessages) => string) => {
    const o = pageOptions(req, res, () => '');
    const a = adminMessages(o.lang);
    return { o: { ...o, title: title(a) }, a };
  };

  const navOf = (roles: readonly StaffRole[], a: AdminMessages) =>
    PAGES.filter((p) => admits(p.gate, roles)).map((p) => ({ href: p.href, label: p.label(a) }));

  /** A page: who may open it (null: the landing page, any of the console's roles) and its title. */
  type Page = { gate: PageGate | null; title: (a: AdminMessages) => string };

  const pages = consolePages<Page, Omit<Signed, 'session'>, AdminView>({
    session: { base, path: '/admin', clientId: STAFF_ADMIN_CLIENT_ID, scope: 'openid admin', cookie: COOKIE, stateCookie: STATE_COOKIE, keyPrefix: 'admin', kv: deps.kv },
    apps: deps.apps,
    app: staffAdminApp(base),
    async authorize(req, session, { gate }) {
      const caller = session ? await deps.readToken(session.token) : null;
      const account = caller?.accountId ? await deps.auth.accounts.findById(caller.accountId) : null;
      const roles = account?.status === 'active' ? account.staff?.roles ?? [] : [];
      // The landing page (gate null) takes any administrative role, then the business pages' roles.
      const asked = gate ?? (Object.keys(ADMIN_DUTIES) as AdminDuty[]).find((d) => roles.includes(ADMIN_DUTIES[d]))
        ?? PAGES.find((p) => asBusiness(p.gate, roles))?.gate ?? 'staff';
      const ctx = requestContext(req);
      if (caller?.scopes.includes(ADMIN_SCOPE) && account && asBusiness(asked, roles)) {
        // Business staff need no one-time password here, but a sign-in session still open.
        if (caller.sessionAmr === null) throw new AppError('ERR_UNAUTHENTICATED', 'the sign-in session has ended');
        return { actor: { id: account.id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId }, roles };
      }
      return { actor: await authorizeAdminDuty(deps.auth, caller, ctx, dutyOf(asked)), roles };
    },
    returnTo: (req) => (req.method === 'GET' && req.originalUrl.startsWith('/admin/') ? req.originalUrl : '/admin'),
    home: '/admin',
    // Sign in again, one-time password included.
    stepUp: { prompt: 'login', max_age: String(maxAge) },
    refusal(req, res) {
      const { o, a } = messagesFor(req, res, (m) => m.console);
      return { o, message: a.forbidden };
    },
    view(req, res, { title }, who, session) {
      const { o, a } = messagesFor(req, res, title);
      return { o, a, csrf: session.csrf, actorId: who.actor.id, nav: navOf(who.roles, a) };
    },
    fieldRefusals: { ERR_VALIDATION: 400, ERR_CONFLICT: 400 },
  });

  type Render = (v: AdminView, req: Request) => Promise<string>;

  /** A page of `duty` (or of the duty and some business roles, PageGate). */
  const show = (duty: PageGate, title: (a: AdminMessages) => string, render: Render) => pages.show({ gate: duty, title }, render);

  /** A form post of `duty`: check, act, then show the page again with the outcome or the field issues. */
  const act = (
    duty: PageGate, title: (a: AdminMessages) => string, render: Render,
    action: (req: Request, actor: Signed['actor'], a: AdminMessages, v: AdminView) => Promise<{ notice?: string; secret?: string; secretLabel?: string; redirect?: string }>,
  ) => pages.act({ gate: duty, title }, render, (req, who, v) => action(req, who.actor, v.a, v));

  /** A GET of `duty` that answers other than with a page (a job's progress as JSON). */
  const send = (duty: AdminDuty, handler: (req: Request, res: Response) => Promise<void>) =>
    pages.send({ gate: duty, title: (a) => a.console }, (req, res) => handler(req, res));

  /** /admin: the first page of the signed-in administrator's duties. */
  const landing = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const signed = await pages.signed(req, res, { gate: null, title: (a) => a.console });
      if (!signed) return;
      const first = PAGES.find((p) => admits(p.gate, signed.who.roles));
      if (first) {
        res.redirect(303, first.href);
        return;
      }
      const { o, a } = messagesFor(req, res, (m) => m.console);
      res.type('html').send(page(o, `<h1>${esc(o.title)}</h1><p>${esc(a.noConsolePages)}</p>`));
    } catch (e) {
      next(e);
    }
  };

  return { show, act, send, gate: pages.gate, landing, callback: pages.callback };
}

export type AdminConsole = ReturnType<typeof adminConsole>;
