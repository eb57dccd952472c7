// The staff directory admin pages at /admin/departments and /admin/staff.
// Sign-in: the pages are a first-party app of yinxin's own (STAFF_ADMIN_CLIENT_ID, a public
// client registered at every start) that signs in through the SSO with the authorization code flow
// and PKCE, server side: the server exchanges the code for an access token for yinxin's API with
// the `admin` scope and keeps it in the key-value store under a random page-session id, sent as
// an httpOnly SameSite=Strict cookie scoped to /admin. Every request checks that token exactly as
// the API does (authorize-account-admin.ts: account administrator, one-time password, session
// still open), so disabling an administrator or ending their SSO session ends the pages too.
// Forms carry a CSRF token kept with the page session, and cross-origin posts are refused.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { addDepartment } from '../../services/staff/add-department.ts';
import { authorizeAccountAdmin } from '../../services/staff/authorize-account-admin.ts';
import { createStaff } from '../../services/staff/create-staff.ts';
import { treeOf } from '../../services/staff/department-tree.ts';
import { listStaff } from '../../services/staff/list-staff.ts';
import { addPosition } from '../../services/staff/positions.ts';
import { resetStaffPassword } from '../../services/staff/reset-staff-password.ts';
import { setStaffStatus } from '../../services/staff/set-staff-status.ts';
import { departmentsById, existingStaff, staffSummary } from '../../services/staff/staff-deps.ts';
import type { FieldIssue, StaffActor, StaffDeps } from '../../services/staff/staff-deps.ts';
import { updateDepartment } from '../../services/staff/update-department.ts';
import { updateStaff } from '../../services/staff/update-staff.ts';
import { adminMessages } from '../views/admin-i18n.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { departmentsPage, staffListPage, staffRecordPage } from '../views/admin-pages.ts';
import type { AdminView } from '../views/admin-pages.ts';
import { page, esc } from '../views/html.ts';
import { pageOptions } from '../views/prefs.ts';
import { staffSchemas } from './admin-staff-schemas.ts';
import { requestContext } from '../request-context.ts';
import { parse } from '../parse.ts';
import { pageSessions } from '../page-session.ts';
import type { PageSession } from '../page-session.ts';

export const STAFF_ADMIN_CLIENT_ID = 'yinxin-staff-admin';
const COOKIE = 'yx_admin';
/** Binds a pending sign-in to the browser that started it (no one else's code can land here). */
const STATE_COOKIE = 'yx_admin_state';
/** The pages' registration as an app of yinxin's (public client, code flow, admin scope). */
export function staffAdminApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: STAFF_ADMIN_CLIENT_ID, name: '人员与部门管理', kind: 'first_party', public: true, redirectUris: [`${publicUrl}/admin/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', 'admin'], fullIdNumber: false,
  };
}

const css = readFileSync(new URL('../views/admin.css', import.meta.url), 'utf8');

export interface AdminPageDeps {
  staff: StaffDeps;
  apps: AppDeps;
  /** Where page sessions and pending sign-ins are kept (the shared key-value store). */
  kv: { get(key: string): Promise<string | null>; set(key: string, value: string, ttlSeconds?: number): Promise<void>; take(key: string): Promise<string | null> };
  publicUrl: string;
  readToken(token: string): Promise<ApiCaller | null>;
}

interface Signed { actor: StaffActor; session: PageSession }

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

export function adminPageRoutes(deps: AdminPageDeps): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  const s = deps.staff;
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
  /** Send the browser to sign in, remembering where it was going. */
  const signIn = (req: Request, res: Response) =>
    sessions.signIn(res, req.method === 'GET' && req.originalUrl.startsWith('/admin/') ? req.originalUrl : '/admin/staff');

  const messagesFor = (req: Request, res: Response, title: (a: AdminMessages) => string) => {
    const o = pageOptions(req, res, () => '');
    const a = adminMessages(o.lang);
    return { o: { ...o, title: title(a) }, a };
  };

  /** The signed-in administrator, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response): Promise<Signed | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    try {
      const caller = session ? await deps.readToken(session.token) : null;
      const actor = await authorizeAccountAdmin(s, caller, requestContext(req));
      return { actor, session: session as PageSession };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await signIn(req, res);
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        const { o, a } = messagesFor(req, res, (m) => m.staff);
        res.status(403).type('html').send(page(o, `<h1>${esc(o.title)}</h1><p class="error" role="alert">${esc(a.forbidden)}</p>`));
        return null;
      }
      throw e;
    }
  }

  type Render = (v: AdminView, req: Request) => Promise<string>;
  const views: Record<'departments' | 'staff' | 'record', Render> = {
    departments: async (v) => {
      const departments = await s.accounts.departments();
      return departmentsPage(v, treeOf(departments), departments);
    },
    staff: async (v, req) => {
      const q = parse(staffSchemas.staffQuery, Object.fromEntries(Object.entries(req.query).filter(([k, x]) => x !== '' && k !== 'lang' && k !== 'large')));
      return staffListPage(v, await listStaff(s, q), q, await s.accounts.departments(), await s.directory.positions());
    },
    record: async (v, req) => {
      const account = await existingStaff(s.accounts, parse(staffSchemas.id, req.params.id));
      return staffRecordPage(v, staffSummary(account, await departmentsById(s.accounts)), await s.accounts.departments(), await s.directory.positions());
    },
  };
  const titles = { departments: (a: AdminMessages) => a.departments, staff: (a: AdminMessages) => a.staff, record: (a: AdminMessages) => a.staff };

  const show = (which: keyof typeof views) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const who = await signed(req, res);
      if (!who) return;
      const { o, a } = messagesFor(req, res, titles[which]);
      res.type('html').send(await views[which]({ o, a, csrf: who.session.csrf }, req));
    } catch (e) {
      next(e);
    }
  };

  /** A form post: check, act, then show the page again with the outcome or the field issues. */
  const act = (which: keyof typeof views, action: (req: Request, actor: StaffActor, a: AdminMessages) => Promise<{ notice?: string; secret?: string; redirect?: string }>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const who = await signed(req, res);
        if (!who) return;
        sessions.checkForm(req, who.session);
        const { o, a } = messagesFor(req, res, titles[which]);
        const v: AdminView = { o: { ...o, here: req.originalUrl.split('?')[0] as string }, a, csrf: who.session.csrf };
        try {
          const out = await action(req, who.actor, a);
          if (out.redirect) {
            res.redirect(303, out.redirect);
            return;
          }
          res.type('html').send(await views[which]({ ...v, ...out }, req));
        } catch (e) {
          if (!isAppError(e, 'ERR_VALIDATION')) throw e;
          res.status(400).type('html').send(await views[which]({ ...v, issues: (e.details?.issues as FieldIssue[] | undefined) ?? [] }, req));
        }
      } catch (e) {
        next(e);
      }
    };
  const form = (req: Request) => req.body as Record<string, unknown>;

  r.get('/admin', (_req, res) => res.redirect(303, '/admin/staff'));
  r.get('/static/admin.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });

  r.get('/admin/callback', async (req, res, next) => {
    try {
      await sessions.callback(req, res);
    } catch (e) {
      next(e);
    }
  });

  r.get('/admin/departments', show('departments'));
  r.post('/admin/departments', act('departments', async (req, actor, a) => {
    const b = form(req);
    await addDepartment(s, parse(staffSchemas.newDepartment, { id: b.id, name: b.name, kind: b.kind, parentId: b.parentId ? b.parentId : null }), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/departments/change', act('departments', async (req, actor, a) => {
    const b = form(req);
    const change = parse(staffSchemas.departmentChange, {
      ...(b.name ? { name: b.name } : {}), ...(b.parentId && b.parentId !== '-' ? { parentId: b.parentId } : {}),
    });
    await updateDepartment(s, parse(staffSchemas.id, b.id), change, actor);
    return { notice: a.saved };
  }));
  r.get('/admin/staff', show('staff'));
  r.post('/admin/staff', act('staff', async (req, actor, a) => {
    const b = form(req);
    const out = await createStaff(s, parse(staffSchemas.newStaff, {
      staffNumber: b.staffNumber, name: b.name, departmentId: b.departmentId, positions: list(b.positions), roles: list(b.roles), phone: b.phone ? b.phone : null,
    }), actor);
    return { notice: `${a.created}: ${out.staff.staffNumber} ${out.staff.name}`, ...(out.initialPassword ? { secret: out.initialPassword } : {}) };
  }));
  r.post('/admin/positions', act('staff', async (req, actor, a) => {
    const b = form(req);
    await addPosition(s, parse(staffSchemas.newPosition, { id: b.id, name: b.name }), actor);
    return { notice: a.saved };
  }));
  r.get('/admin/staff/:id', show('record'));
  r.post('/admin/staff/:id', act('record', async (req, actor, a) => {
    const b = form(req);
    await updateStaff(s, parse(staffSchemas.id, req.params.id), parse(staffSchemas.staffChange, {
      name: b.name, departmentId: b.departmentId, positions: list(b.positions), roles: list(b.roles),
    }), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/staff/:id/disable', act('record', async (req, actor, a) => {
    const out = await setStaffStatus(s, parse(staffSchemas.id, req.params.id), 'disabled', actor);
    return { notice: a.endedSessions.replace('{sessions}', String(out.ended?.sessions ?? 0)).replace('{apps}', String(out.ended?.backchannel.length ?? 0)) };
  }));
  r.post('/admin/staff/:id/enable', act('record', async (req, actor, a) => {
    await setStaffStatus(s, parse(staffSchemas.id, req.params.id), 'active', actor);
    return { notice: a.enabled };
  }));
  r.post('/admin/staff/:id/password', act('record', async (req, actor, a) => {
    const out = await resetStaffPassword(s, parse(staffSchemas.id, req.params.id), actor);
    return { notice: a.passwordReset, secret: out.initialPassword };
  }));
  return r;
}
