// The service item pages at /admin/service-items and an app's licence-use permissions at
// /admin/apps/:clientId/licence-use, the system administrator's as the API's are (the `apps` duty;
// admin-console.ts signs in and checks): every operation of admin-service-items.ts has its form
// here, through the same use cases and checks (audited by them).
import { Router } from 'express';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.ts';
import { ITEM_CODE } from '../../domain/licence-use.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { existingApp, summaryOf } from '../../services/apps/app-registration.ts';
import { listApps } from '../../services/apps/list-apps.ts';
import { importServiceItems, SERVICE_ITEM_COLUMNS } from '../../services/licence-use/import-service-items.ts';
import type { LicenceUseDeps } from '../../services/licence-use/licence-use-deps.ts';
import { grantLicenceUse, revokeLicenceUse } from '../../services/licence-use/licence-use-permission.ts';
import { saveServiceItem } from '../../services/licence-use/save-service-item.ts';
import type { AdminView } from '../views/admin-frame.ts';
import type { AdminMessages } from '../views/admin-i18n.ts';
import { adminServiceItemsMessages } from '../views/admin-service-items-i18n.ts';
import { appLicenceUsePage, serviceItemListPage, serviceItemPage } from '../views/admin-service-items-page.ts';
import type { ItemDraft, OfferedType } from '../views/admin-service-items-page.ts';
import { postedFile, readMultipart } from '../multipart-form.ts';
import { parse } from '../parse.ts';
import type { AdminConsole } from './admin-console.ts';
import { itemBody, permissionBody } from './admin-service-items.ts';

export interface AdminServiceItemsPageDeps {
  licenceUse: LicenceUseDeps;
  apps: AppDeps;
  page: AdminConsole['show'];
  post: AdminConsole['act'];
}

const code = z.string().regex(ITEM_CODE, 'an item code is 1 to 64 letters, digits, - or _');
const clientId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** The CSV upload's address: a name no item code can take (codes have no dot). */
const IMPORT_PATH = '/admin/service-items/import.csv';
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const form = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const issue = (path: string, errCode: string, message: string) => new AppError('ERR_VALIDATION', message, { details: { issues: [{ path: [path], code: errCode, message }] } });

/** The item a posted form describes, as the API's body carries it (checked by the same schema). */
function draftOf(b: Record<string, unknown>): ItemDraft {
  return {
    code: text(b.code).trim(), name: text(b.name), department: { code: text(b.departmentCode), name: text(b.departmentName) }, legalBasis: text(b.legalBasis),
    licences: list(b.types).map((t) => ({ typeCode: t, fields: list(b[`fields.${t}`]) })),
  };
}

/** A multipart upload's fields as a form's body (the CSRF token among them), the file's text as `csvFile`. */
const multipart: RequestHandler[] = [readMultipart('5mb'), (req, _res, next) => {
  if (req.is('multipart/form-data')) req.body = { ...(req.body as Record<string, string>), csvFile: postedFile(req, 'file')?.bytes.toString('utf8') ?? '' };
  next();
}];

export function adminServiceItemsPages(deps: AdminServiceItemsPageDeps): Router {
  const r = Router();
  const d = deps.licenceUse;
  const m = (v: AdminView) => adminServiceItemsMessages(v.o.lang);
  const title = (a: AdminMessages) => a.serviceItems;
  const appTitle = (a: AdminMessages) => a.licenceUse;
  const types = (): OfferedType[] => d.licences.templates.list().map((t) => ({
    typeCode: t.definition.typeCode, name: t.definition.name, fields: t.definition.fields.map((f) => ({ name: f.name, label: f.label })),
  }));
  // A refused form is shown again with what was entered.
  const refused = (v: AdminView, req: Request) => req.method === 'POST' && (v.issues?.length ?? 0) > 0;

  const listView = async (v: AdminView, req: Request) => serviceItemListPage(
    v, m(v), await d.items.listItems(), types(), refused(v, req) && req.path === '/admin/service-items' ? draftOf(form(req)) : null, SERVICE_ITEM_COLUMNS,
  );
  const itemView = async (v: AdminView, req: Request) => {
    const itemCode = parse(code, req.params.code);
    const item = await d.items.findItem(itemCode);
    if (!item) throw new AppError('ERR_NOT_FOUND', 'no such service item');
    // The apps permitted to use it: every app's permissions (a short list: apps are few).
    const apps = await listApps(deps.apps);
    const holders = (await Promise.all(apps.map(async (app) => ({ app, permission: (await d.items.permissionsOf(app.clientId)).find((p) => p.itemCode === itemCode) }))))
      .flatMap((h) => (h.permission ? [{ app: h.app, permission: h.permission }] : []));
    return serviceItemPage(v, m(v), refused(v, req) ? { ...draftOf(form(req)), code: itemCode } : item, types(), holders);
  };
  const appId = (req: Request) => parse(clientId, req.params.clientId);
  const appView = async (v: AdminView, req: Request) => {
    const app = summaryOf(await existingApp(deps.apps.apps, appId(req)));
    return appLicenceUsePage(v, m(v), app, await d.items.permissionsOf(app.clientId), await d.items.listItems());
  };

  /** Saves the posted item under `itemCode` through the API's schema and use case. */
  const save = async (req: Request, itemCode: string, actor: Parameters<typeof saveServiceItem>[2]) => {
    const b = form(req);
    const body = parse(itemBody, { name: b.name, department: { code: b.departmentCode, name: b.departmentName }, licences: draftOf(b).licences, legalBasis: b.legalBasis });
    return saveServiceItem(d, { code: itemCode, ...body }, actor);
  };

  r.get('/admin/service-items', deps.page('apps', title, listView));
  r.post('/admin/service-items', deps.post('apps', title, listView, async (req, actor, _a, v) => {
    const itemCode = parse(code, text(form(req).code).trim());
    if (await d.items.findItem(itemCode)) throw issue('code', 'exists', m(v).exists);
    const item = await save(req, itemCode, actor);
    return { notice: `${m(v).saved}: ${item.code} ${item.name}` };
  }));
  r.post(IMPORT_PATH, ...multipart, deps.post('apps', title, listView, async (req, actor, _a, v) => {
    const b = form(req);
    const csv = text(b.csvFile).trim() ? text(b.csvFile) : text(b.csvText);
    if (!csv.trim()) throw issue('csv', 'required', m(v).noCsv);
    const items = await importServiceItems(d, csv, actor);
    return { notice: m(v).imported.replace('{n}', String(items.length)) };
  }));
  r.get('/admin/service-items/:code', deps.page('apps', title, itemView));
  r.post('/admin/service-items/:code', deps.post('apps', title, itemView, async (req, actor, _a, v) => {
    const itemCode = parse(code, req.params.code);
    if (!(await d.items.findItem(itemCode))) throw new AppError('ERR_NOT_FOUND', 'no such service item');
    const item = await save(req, itemCode, actor);
    return { notice: `${m(v).saved}: ${item.code} ${item.name}` };
  }));

  r.get('/admin/apps/:clientId/licence-use', deps.page('apps', appTitle, appView));
  r.post('/admin/apps/:clientId/licence-use', deps.post('apps', appTitle, appView, async (req, actor, _a, v) => {
    const b = form(req);
    const itemCode = parse(code, text(b.itemCode));
    const basis = text(b.legalBasis).trim();
    if (b.withoutConsent === 'on' && !basis) throw issue('legalBasis', 'required', m(v).basisRequired);
    const body = parse(permissionBody, { legalBasis: b.withoutConsent === 'on' ? basis : null });
    try {
      await grantLicenceUse(d, { clientId: appId(req), itemCode, legalBasis: body.legalBasis }, actor);
    } catch (e) {
      if (isAppError(e, 'ERR_LICENCE_USE_UNKNOWN_ITEM')) throw issue('itemCode', 'unknown_item', e.message);
      throw e;
    }
    return { notice: `${m(v).granted}: ${itemCode}` };
  }));
  r.post('/admin/apps/:clientId/licence-use/:code/withdraw', deps.post('apps', appTitle, appView, async (req, actor, _a, v) => {
    const itemCode = parse(code, req.params.code);
    try {
      await revokeLicenceUse(d, { clientId: appId(req), itemCode }, actor);
    } catch (e) {
      if (isAppError(e, 'ERR_NOT_FOUND')) throw issue('itemCode', 'not_found', e.message);
      throw e;
    }
    return { notice: `${m(v).withdrawn}: ${itemCode}` };
  }));
  return r;
}
