// The apps pages at /admin/apps, the system administrator's (admin-console.ts signs in and checks):
// the list and registration form, and one app's page to change every registration field, disable or
// enable it, give it a new client secret (shown once) and see its recent sign-ins from the audit log.
import { Router } from 'express';
import type { Request } from 'express';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { existingApp, summaryOf } from '../../services/apps/app-registration.ts';
import { listApps } from '../../services/apps/list-apps.ts';
import { registerApp } from '../../services/apps/register-app.ts';
import { rotateAppSecret } from '../../services/apps/rotate-app-secret.ts';
import { setAppStatus } from '../../services/apps/set-app-status.ts';
import { updateApp } from '../../services/apps/update-app.ts';
import { recentSignIns } from '../../services/apps/recent-sign-ins.ts';
import type { SignInSource } from '../../services/apps/recent-sign-ins.ts';
import { adminAppsMessages } from '../views/admin-apps-i18n.ts';
import { appListPage, appRecordPage } from '../views/admin-apps-page.ts';
import type { AdminView } from '../views/admin-frame.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { parse } from '../parse.ts';
import type { AdminConsole } from './admin-console.ts';
import { appSchemas } from './admin-apps.ts';

export interface AdminAppsPageDeps {
  apps: AppDeps;
  page: AdminConsole['show'];
  post: AdminConsole['act'];
  /** Where recent sign-ins are read from (absent: not shown). */
  auditStore?: SignInSource;
  /** Whether an app's page links to its licence-use permissions (admin-service-items-page.ts). */
  licenceUsePages?: boolean;
}

const title = (a: AdminMessages) => a.apps;
const lines = (v: unknown) => String(v ?? '').split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
const optional = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The registration fields of a posted form, as the API's body would carry them. */
function registration(b: Record<string, unknown>) {
  return {
    name: b.name, kind: b.kind, applicationType: b.applicationType,
    redirectUris: lines(b.redirectUris), postLogoutRedirectUris: lines(b.postLogoutRedirectUris),
    grantTypes: list(b.grantTypes), scopes: list(b.scopes),
    idTokenAlg: b.idTokenAlg, refreshPolicy: b.refreshPolicy,
    fullIdNumber: b.fullIdNumber === 'on', resourceServer: b.resourceServer === 'on',
  };
}

export function adminAppsPages(deps: AdminAppsPageDeps): Router {
  const r = Router();
  const id = (req: Request) => parse(appSchemas.clientIdParam, req.params.clientId);
  const m = (v: AdminView) => adminAppsMessages(v.o.lang);

  const listView = async (v: AdminView) => appListPage(v, m(v), await listApps(deps.apps), appSchemas.scopes);
  const recordView = async (v: AdminView, req: Request) => {
    const app = summaryOf(await existingApp(deps.apps.apps, id(req)));
    return appRecordPage(v, m(v), app, deps.auditStore ? await recentSignIns(deps.auditStore, app.clientId) : null, appSchemas.scopes, deps.licenceUsePages ?? false);
  };

  r.get('/admin/apps', deps.page('apps', title, listView));
  r.post('/admin/apps', deps.post('apps', title, listView, async (req, actor, _a, v) => {
    const b = req.body as Record<string, unknown>;
    const body = parse(appSchemas.createBody, { ...registration(b), public: b.public === 'on', ...(optional(b.sector) ? { sector: optional(b.sector) } : {}), ...(optional(b.backchannelLogoutUri) ? { backchannelLogoutUri: optional(b.backchannelLogoutUri) } : {}) });
    const out = await registerApp(deps.apps, body, actor);
    const t = m(v);
    return { notice: `${t.registeredId} ${out.clientId}`, ...(out.clientSecret ? { secret: out.clientSecret, secretLabel: t.secretOnce } : {}) };
  }));
  r.get('/admin/apps/:clientId', deps.page('apps', title, recordView));
  r.post('/admin/apps/:clientId', deps.post('apps', title, recordView, async (req, actor, a) => {
    const b = req.body as Record<string, unknown>;
    const current = summaryOf(await existingApp(deps.apps.apps, id(req)));
    const wanted: Record<string, unknown> = { ...registration(b), backchannelLogoutUri: optional(b.backchannelLogoutUri) ?? null };
    // Only what differs from the registration goes into the change (and its audit record).
    const changed = Object.fromEntries(Object.entries(wanted).filter(([k, x]) => JSON.stringify(x) !== JSON.stringify((current as unknown as Record<string, unknown>)[k] ?? null)));
    if (Object.keys(changed).length === 0) return { notice: a.saved };
    await updateApp(deps.apps, current.clientId, parse(appSchemas.updateBody, changed), actor);
    return { notice: a.saved };
  }));
  r.post('/admin/apps/:clientId/secret', deps.post('apps', title, recordView, async (req, actor, _a, v) => {
    const out = await rotateAppSecret(deps.apps, id(req), actor);
    return { secret: out.clientSecret, secretLabel: m(v).secretOnce };
  }));
  r.post('/admin/apps/:clientId/disable', deps.post('apps', title, recordView, async (req, actor, _a, v) => {
    await setAppStatus(deps.apps, id(req), 'disabled', actor);
    return { notice: m(v).disabledNotice };
  }));
  r.post('/admin/apps/:clientId/enable', deps.post('apps', title, recordView, async (req, actor, _a, v) => {
    await setAppStatus(deps.apps, id(req), 'active', actor);
    return { notice: m(v).enabledNotice };
  }));
  return r;
}
