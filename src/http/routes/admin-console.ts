// The administration console's sign-in and checks, shared by its pages (/admin/staff, /admin/roles,
// /admin/apps, /admin/service-items…): a first-party app of yinxin's own (STAFF_ADMIN_CLIENT_ID, a public client
// registered at every start) that signs in through the SSO with the authorization code flow and
// PKCE on the server (page-session.ts). Every request checks the page session's token exactly as the
// API does, for the duty the page belongs to (domain/admin-duties.ts): the role that holds it, a
// one-time password within the configured age (else the administrator signs in again, with
// `max_age`), the session still open; disabling an administrator or ending their SSO session ends
// the pages too. Forms carry a CSRF token kept with the page session; cross-origin posts are refused.
import type { NextFunction, Request, Response } from 'express';
import type { StaffRole } from '../../domain/account.ts';
import { ADMIN_DUTIES } from '../../domain/admin-duties.ts';
import type { AdminDuty } from '../../domain/admin-duties.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { ADMIN_OTP_MAX_AGE_S, ADMIN_SCOPE, authorizeAdminDuty } from '../../services/apps/authorize-app-admin.ts';
import type { AdminAuthDeps, ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import type { FieldIssue } from '../../services/staff/staff-deps.ts';
import type { AdminView } from '../views/admin-frame.ts';
import { adminMessages } from '../views/admin-i18n.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { esc, page } from '../views/html.ts';
import { pageOptions } from '../views/prefs.ts';
import { pageSessions } from '../page-session.ts';
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
  let registered = false;
  // Registered at every start (container.ts); checked here once for processes started without it.
  async function ensureApp(): Promise<void> {
    if (registered) return;
    await ensureBuiltinApp(deps.apps, staffAdminApp(base));
    registered = true;
  }
  const sessions = pageSessions({
    base, path: '/admin', clientId: STAFF_ADMIN_CLIENT_ID, scope: 'openid admin', cookie: COOKIE, stateCookie: STATE_COOKIE, keyPrefix: 'admin', kv: deps.kv, ensureApp,
  });
  const returnTo = (req: Request) => (req.method === 'GET' && req.originalUrl.startsWith('/admin/') ? req.originalUrl : '/admin');

  const messagesFor = (req: Request, res: Response, title: (a: AdminMessages) => string) => {
    const o = pageOptions(req, res, () => '');
    const a = adminMessages(o.lang);
    return { o: { ...o, title: title(a) }, a };
  };

  /** The signed-in holder of `gate`, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response, gate: PageGate | null): Promise<Signed | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    const caller = session ? await deps.readToken(session.token) : null;
    try {
      const account = caller?.accountId ? await deps.auth.accounts.findById(caller.accountId) : null;
      const roles = account?.status === 'active' ? account.staff?.roles ?? [] : [];
      // The landing page (gate null) takes any administrative role, then the business pages' roles.
      const asked = gate ?? (Object.keys(ADMIN_DUTIES) as AdminDuty[]).find((d) => roles.includes(ADMIN_DUTIES[d]))
        ?? PAGES.find((p) => asBusiness(p.gate, roles))?.gate ?? 'staff';
      const ctx = requestContext(req);
      if (caller?.scopes.includes(ADMIN_SCOPE) && account && asBusiness(asked, roles)) {
        // Business staff need no one-time password here, but a sign-in session still open.
        if (caller.sessionAmr === null) throw new AppError('ERR_UNAUTHENTICATED', 'the sign-in session has ended');
        return { actor: { id: account.id, kind: 'staff', clientIp: ctx.clientIp, requestId: ctx.requestId }, session: session as PageSession, roles };
      }
      const actor = await authorizeAdminDuty(deps.auth, caller, ctx, dutyOf(asked));
      return { actor, session: session as PageSession, roles };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await sessions.signIn(res, returnTo(req));
        return null;
      }
      if (isAppError(e, 'ERR_STEP_UP_REQUIRED')) {
        // Sign in again, one-time password included: a form posted now is not replayed.
        await sessions.signIn(res, returnTo(req), { prompt: 'login', max_age: String(maxAge) });
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        const { o, a } = messagesFor(req, res, (m) => m.console);
        res.status(403).type('html').send(page(o, `<h1>${esc(o.title)}</h1><p class="error" role="alert">${esc(a.forbidden)}</p>`));
        return null;
      }
      throw e;
    }
  }

  const navOf = (roles: readonly StaffRole[], a: AdminMessages) =>
    PAGES.filter((p) => admits(p.gate, roles)).map((p) => ({ href: p.href, label: p.label(a) }));

  type Render = (v: AdminView, req: Request) => Promise<string>;

  /** A page of `duty` (or of the duty and some business roles, PageGate). */
  const show = (duty: PageGate, title: (a: AdminMessages) => string, render: Render) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res, duty);
      if (!who) return;
      const { o, a } = messagesFor(req, res, title);
      res.type('html').send(await render({ o, a, csrf: who.session.csrf, actorId: who.actor.id, nav: navOf(who.roles, a) }, req));
    } catch (e) {
      next(e);
    }
  };

  /** A form post of `duty`: check, act, then show the page again with the outcome or the field issues. */
  const act = (
    duty: PageGate, title: (a: AdminMessages) => string, render: Render,
    action: (req: Request, actor: Signed['actor'], a: AdminMessages, v: AdminView) => Promise<{ notice?: string; secret?: string; secretLabel?: string; redirect?: string }>,
  ) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res, duty);
      if (!who) return;
      sessions.checkForm(req, who.session);
      const { o, a } = messagesFor(req, res, title);
      const v: AdminView = { o: { ...o, here: req.originalUrl.split('?')[0] as string }, a, csrf: who.session.csrf, actorId: who.actor.id, nav: navOf(who.roles, a) };
      try {
        const out = await action(req, who.actor, a, v);
        if (out.redirect) {
          res.redirect(303, out.redirect);
          return;
        }
        res.type('html').send(await render({ ...v, ...out }, req));
      } catch (e) {
        if (!isAppError(e, 'ERR_VALIDATION') && !isAppError(e, 'ERR_CONFLICT')) throw e;
        const issues = (e.details?.issues as FieldIssue[] | undefined) ?? [{ path: [], code: e.code, message: e.message }];
        res.status(400).type('html').send(await render({ ...v, issues }, req));
      }
    } catch (e) {
      next(e);
    }
  };

  /** A GET of `duty` that answers other than with a page (a job's progress as JSON). */
  const send = (duty: AdminDuty, handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (await signed(req, res, duty)) await handler(req, res);
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
      else res.redirect(303, '/admin');
    } catch (e) {
      next(e);
    }
  };

  /** /admin: the first page of the signed-in administrator's duties. */
  const landing = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res, null);
      if (!who) return;
      const first = PAGES.find((p) => admits(p.gate, who.roles));
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

  const callback = async (req: Request, res: Response, next: NextFunction) => {
    try {
      await sessions.callback(req, res);
    } catch (e) {
      next(e);
    }
  };

  return { show, act, send, gate, landing, callback };
}

export type AdminConsole = ReturnType<typeof adminConsole>;
