// The audit page at /admin/audit: search, sign-in events, export and chain status for auditors.
// Sign-in: a first-party public app of yinxin's own (AUDIT_PAGE_CLIENT_ID) that signs in through
// the SSO with the code flow and PKCE on the server (page-session.ts, console-pages.ts), asking for a one-time
// password (acr_values L1-mfa) since the audit role alone does not make the SSO ask for one. Every
// request checks the token as the API does (authorize-auditor.ts); a one-time password older than
// ADMIN_OTP_MAX_AGE_S sends the auditor to sign in again. Exports are links on the same
// page session, streamed as the API streams them; the one form post (verify now) carries the CSRF
// token.
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Request, Response } from 'express';
import { SECOND_FACTOR_ACR } from '../../domain/assurance.ts';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { ADMIN_OTP_MAX_AGE_S } from '../../services/apps/authorize-app-admin.ts';
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
import { pageOptions } from '../views/prefs.ts';
import { signedPages } from '../console-pages.ts';
import type { PageSession, PageSessionOptions } from '../page-session.ts';
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
  kv: PageSessionOptions['kv'];
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
  const view = (req: Request, res: Response) => {
    const o = pageOptions(req, res, () => '');
    const m = auditMessages(o.lang);
    return { o: { ...o, title: m.title }, m };
  };

  const pages = signedPages<null, Auditor>({
    session: { base, path: PATH, clientId: AUDIT_PAGE_CLIENT_ID, scope: 'openid admin', cookie: 'yx_audit', stateCookie: 'yx_audit_state', keyPrefix: 'audit', kv: deps.kv },
    apps: deps.apps,
    app: auditPageApp(base),
    authorize: async (req, session) => authorizeAuditor(deps, session ? await deps.readToken(session.token) : null, requestContext(req)),
    // An export comes back to the page: a download would leave the browser on the callback's page.
    returnTo: (req) => (req.method === 'GET' && req.originalUrl.startsWith(`${PATH}`) && !req.originalUrl.startsWith(`${PATH}/export`) ? req.originalUrl : PATH),
    // The audit role alone does not make the SSO ask for a one-time password: the page asks.
    signInParams: { acr_values: SECOND_FACTOR_ACR },
    // Sign in again, one-time password included: the search is repeated after it.
    stepUp: { prompt: 'login', max_age: String(deps.adminOtpMaxAgeS ?? ADMIN_OTP_MAX_AGE_S) },
    refusal(req, res) {
      const { o, m } = view(req, res);
      return { o, message: m.forbidden };
    },
  });

  const status = () => readAuditStatus({ store: deps.auditStore, clock: deps.clock, intervalS: deps.checkpointIntervalS });

  // The page's own rendering, not consolePages': the chain status is read after a verification, and a
  // bad search answers 400 with the page.
  async function render(req: Request, res: Response, who: Auditor, session: PageSession, report?: AuditLogReport): Promise<void> {
    const { o, m } = view(req, res);
    const { form, query } = formOf(req);
    const v: AuditView = { o, m, csrf: session.csrf, form, status: await status(), ...(report ? { report } : {}) };
    if (req.method === 'GET' && req.query.run === '1') {
      try {
        const q = parse(auditSchemas.pageSearch, { ...form, ...(typeof req.query.cursor === 'string' ? { cursor: req.query.cursor } : {}) });
        v.results = { page: await searchAudit(search, who, auditQueryOf(q), q.cursor ?? null, PAGE_SIZE), query, paged: q.cursor !== undefined };
      } catch (e) {
        if (!isAppError(e, 'ERR_VALIDATION')) throw e;
        res.status(400);
        v.issues = (e.details?.issues as ValidationIssue[] | undefined) ?? [];
      }
    }
    res.type('html').send(auditPage(v));
  }

  r.get('/static/admin-audit.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  r.get(`${PATH}/callback`, pages.callback);
  r.get(PATH, pages.send(null, (req, res, who, session) => render(req, res, who, session)));
  r.post(`${PATH}/verify`, pages.form(null, async (req, res, who, session) => render(req, res, who, session, await verifyAuditNow(verify, who))));
  r.get(`${PATH}/export`, pages.send(null, async (req, res, who) => {
    const { form } = formOf(req);
    const q = parse(auditSchemas.pageExport, { ...form, format: req.query.format });
    await sendAuditExport(res, q.format, await startAuditExport(search, who, auditQueryOf(q), q.format), deps.clock.now());
  }));
  return r;
}
