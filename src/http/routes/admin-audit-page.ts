// The audit page at /admin/audit: search, sign-in events, export and chain status for auditors.
// Sign-in: a first-party public app of yinxin's own (AUDIT_PAGE_CLIENT_ID) that signs in through
// the SSO with the code flow and PKCE on the server (page-session.ts), asking for a one-time
// password (acr_values L1-mfa) since the audit role alone does not make the SSO ask for one. Every
// request checks the token as the API does (authorize-auditor.ts); a one-time password older than
// ADMIN_OTP_MAX_AGE_S sends the auditor to sign in again. Exports are links on the same
// page session, streamed as the API streams them; the one form post (verify now) carries the CSRF
// token.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { SECOND_FACTOR_ACR } from '../../domain/assurance.ts';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { ADMIN_OTP_MAX_AGE_S } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { ensureBuiltinApp } from '../../services/apps/ensure-builtin-app.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import { readAuditStatus } from '../../services/audit/audit-status.ts';
import { authorizeAuditor } from '../../services/audit/authorize-auditor.ts';
import type { Auditor } from '../../services/audit/authorize-auditor.ts';
import { startAuditExport } from '../../services/audit/export-audit.ts';
import { searchAudit } from '../../services/audit/search-audit.ts';
import type { AuditLogReport } from '../../services/audit/verify-audit-log.ts';
import { verifyAuditNow } from '../../services/audit/verify-audit-now.ts';
import { auditMessages } from '../views/admin-audit-i18n.ts';
import { auditPage } from '../views/admin-audit-page.ts';
import type { AuditForm, AuditView } from '../views/admin-audit-page.ts';
import { esc, page } from '../views/html.ts';
import { pageOptions } from '../views/prefs.ts';
import { pageSessions } from '../page-session.ts';
import type { PageSession } from '../page-session.ts';
import { parse } from '../parse.ts';
import type { ValidationIssue } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import type { AdminAuditDeps } from './admin-audit.ts';
import { auditQueryOf, auditSchemas } from './admin-audit-schemas.ts';
import { sendAuditExport } from './audit-export-stream.ts';

export const AUDIT_PAGE_CLIENT_ID = 'yinxin-audit-console';
const PATH = '/admin/audit';
const PAGE_SIZE = 50;
/** Fields of the search form (everything else in the query, like `lang`, is the page's own). */
const FORM_FIELDS = ['actor', 'object', 'action', 'from', 'to', 'events'] as const;

/** The page's registration as an app of yinxin's (public client, code flow, admin scope). */
export function auditPageApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: AUDIT_PAGE_CLIENT_ID, name: '审计日志', kind: 'first_party', public: true, redirectUris: [`${publicUrl}${PATH}/callback`],
    postLogoutRedirectUris: [], grantTypes: ['authorization_code'], scopes: ['openid', 'admin'], fullIdNumber: false,
  };
}

const css = readFileSync(new URL('../views/admin-audit.css', import.meta.url), 'utf8');

export interface AdminAuditPageDeps extends AdminAuditDeps {
  apps: AppDeps;
  kv: Parameters<typeof pageSessions>[0]['kv'];
  publicUrl: string;
}

/** The form's non-empty fields as typed, and the query string that repeats them (for links). */
function formOf(req: Request): { form: AuditForm; query: string } {
  const form: AuditForm = {};
  const q = new URLSearchParams();
  for (const k of FORM_FIELDS) {
    const v = req.query[k];
    if (typeof v === 'string' && v.trim() !== '') {
      form[k] = v;
      q.set(k, v);
    }
  }
  return { form, query: q.toString() };
}

export function adminAuditPageRoutes(deps: AdminAuditPageDeps): Router {
  const r = Router();
  const base = deps.publicUrl.replace(/\/+$/, '');
  const search = { search: deps.auditStore, audit: deps.audit };
  const verify = { verify: deps.verifyAudit, audit: deps.audit };
  let registered = false;
  const sessions = pageSessions({
    base, path: PATH, clientId: AUDIT_PAGE_CLIENT_ID, scope: 'openid admin', cookie: 'yx_audit', stateCookie: 'yx_audit_state', keyPrefix: 'audit', kv: deps.kv,
    ensureApp: async () => {
      if (registered) return;
      await ensureBuiltinApp(deps.apps, auditPageApp(base));
      registered = true;
    },
  });

  const view = (req: Request, res: Response) => {
    const o = pageOptions(req, res, () => '');
    const m = auditMessages(o.lang);
    return { o: { ...o, title: m.title }, m };
  };

  const backTo = (req: Request) => (req.method === 'GET' && req.originalUrl.startsWith(`${PATH}`) && !req.originalUrl.startsWith(`${PATH}/export`) ? req.originalUrl : PATH);

  /** The signed-in auditor, or null after starting a sign-in or rendering a refusal. */
  async function signed(req: Request, res: Response): Promise<{ who: Auditor; session: PageSession } | null> {
    res.set('Cache-Control', 'no-store');
    const session = await sessions.current(req);
    try {
      const caller = session ? await deps.readToken(session.token) : null;
      return { who: await authorizeAuditor(deps, caller as ApiCaller | null, requestContext(req)), session: session as PageSession };
    } catch (e) {
      if (isAppError(e, 'ERR_UNAUTHENTICATED')) {
        await sessions.signIn(res, backTo(req), { acr_values: SECOND_FACTOR_ACR });
        return null;
      }
      if (isAppError(e, 'ERR_STEP_UP_REQUIRED')) {
        // Sign in again, one-time password included: the search is repeated after it.
        await sessions.signIn(res, backTo(req), { acr_values: SECOND_FACTOR_ACR, prompt: 'login', max_age: String(deps.adminOtpMaxAgeS ?? ADMIN_OTP_MAX_AGE_S) });
        return null;
      }
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        const { o, m } = view(req, res);
        res.status(403).type('html').send(page(o, `<h1>${esc(o.title)}</h1><p class="error" role="alert">${esc(m.forbidden)}</p>`));
        return null;
      }
      throw e;
    }
  }

  const status = () => readAuditStatus({ store: deps.auditStore, clock: deps.clock, intervalS: deps.checkpointIntervalS });

  async function render(req: Request, res: Response, s: { who: Auditor; session: PageSession }, report?: AuditLogReport): Promise<void> {
    const { o, m } = view(req, res);
    const { form, query } = formOf(req);
    const v: AuditView = { o, m, csrf: s.session.csrf, form, status: await status(), ...(report ? { report } : {}) };
    if (req.method === 'GET' && req.query.run === '1') {
      try {
        const q = parse(auditSchemas.pageSearch, { ...form, ...(typeof req.query.cursor === 'string' ? { cursor: req.query.cursor } : {}) });
        v.results = { page: await searchAudit(search, s.who, auditQueryOf(q), q.cursor ?? null, PAGE_SIZE), query, paged: q.cursor !== undefined };
      } catch (e) {
        if (!isAppError(e, 'ERR_VALIDATION')) throw e;
        res.status(400);
        v.issues = (e.details?.issues as ValidationIssue[] | undefined) ?? [];
      }
    }
    res.type('html').send(auditPage(v));
  }

  const handle = (fn: (req: Request, res: Response, next: NextFunction) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res, next).catch(next);
  };

  r.get('/static/admin-audit.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  r.get(`${PATH}/callback`, handle(async (req, res) => sessions.callback(req, res)));
  r.get(PATH, handle(async (req, res) => {
    const s = await signed(req, res);
    if (s) await render(req, res, s);
  }));
  r.post(`${PATH}/verify`, handle(async (req, res) => {
    const s = await signed(req, res);
    if (!s) return;
    sessions.checkForm(req, s.session);
    await render(req, res, s, await verifyAuditNow(verify, s.who));
  }));
  r.get(`${PATH}/export`, handle(async (req, res) => {
    const s = await signed(req, res);
    if (!s) return;
    const { form } = formOf(req);
    const q = parse(auditSchemas.pageExport, { ...form, format: req.query.format });
    await sendAuditExport(res, q.format, await startAuditExport(search, s.who, auditQueryOf(q), q.format), deps.clock.now());
  }));
  return r;
}
