// `/api/admin/service-items` and `/api/admin/apps/:clientId/licence-use`: app administrators keep
// the catalogue of service items with their licence lists (用证清单), one at a time or from CSV,
// and grant apps the use of licences for named items, with a legal basis for use without consent.
// Every request carries an access token with the `admin` scope from an app administrator whose
// sign-in included a one-time password (authorize-app-admin.ts).
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ITEM_CODE } from '../../domain/licence-use.ts';
import { ADMIN_SCOPE, authorizeAppAdmin } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { LicenceUseDeps, UseAdminActor } from '../../services/licence-use/licence-use-deps.ts';
import { importServiceItems, SERVICE_ITEM_COLUMNS } from '../../services/licence-use/import-service-items.ts';
import { grantLicenceUse, revokeLicenceUse } from '../../services/licence-use/licence-use-permission.ts';
import { saveServiceItem } from '../../services/licence-use/save-service-item.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { parse } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { arr, loose, obj } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface AdminServiceItemsDeps {
  licenceUse: LicenceUseDeps;
  readToken(token: string): Promise<ApiCaller | null>;
}

const code = z.string().regex(ITEM_CODE);
const clientId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
const fieldName = z.string().min(1).max(40);
export const itemBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  department: z.strictObject({ code: z.string().trim().min(1).max(32), name: z.string().trim().min(1).max(200) }),
  licences: z.array(z.strictObject({ typeCode: fieldName, fields: z.array(fieldName).max(60) })).min(1).max(20),
  legalBasis: z.string().trim().min(1).max(500),
});
export const permissionBody = z.strictObject({
  legalBasis: z.string().trim().min(1).max(500).nullable().describe('The law or agreement under which the app may retrieve without consent; null: only with consent.'),
});

type Handler = (req: Request, res: Response, actor: UseAdminActor) => Promise<void>;

export function adminServiceItemRoutes(deps: AdminServiceItemsDeps): Router {
  const r = Router();
  const caller = requireCaller(ADMIN_SCOPE, deps.readToken);
  const admin = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const actor = await authorizeAppAdmin({ accounts: deps.licenceUse.accounts, audit: deps.licenceUse.audit }, callerOf<ApiCaller>(res), requestContext(req));
      await handler(req, res, { ...actor, id: actor.id ?? '', kind: 'staff' });
    } catch (e) {
      next(e);
    }
  }];
  const csv = express.text({ type: 'text/csv', limit: '5mb' });

  r.get('/api/admin/service-items', admin(async (_req, res) => {
    res.json({ items: await deps.licenceUse.items.listItems() });
  }));
  r.put('/api/admin/service-items/:code', admin(async (req, res, actor) => {
    res.json({ item: await saveServiceItem(deps.licenceUse, { code: parse(code, req.params.code), ...parse(itemBody, req.body) }, actor) });
  }));
  r.post('/api/admin/service-items/import', csv, admin(async (req, res, actor) => {
    const text = parse(z.string({ error: 'a text/csv body is required' }).min(1), req.body);
    res.json({ items: await importServiceItems(deps.licenceUse, text, actor) });
  }));
  r.get('/api/admin/apps/:clientId/licence-use', admin(async (req, res) => {
    res.json({ permissions: await deps.licenceUse.items.permissionsOf(parse(clientId, req.params.clientId)) });
  }));
  r.put('/api/admin/apps/:clientId/licence-use/:code', admin(async (req, res, actor) => {
    const body = parse(permissionBody, req.body);
    res.json({ permission: await grantLicenceUse(deps.licenceUse, { clientId: parse(clientId, req.params.clientId), itemCode: parse(code, req.params.code), legalBasis: body.legalBasis }, actor) });
  }));
  r.delete('/api/admin/apps/:clientId/licence-use/:code', admin(async (req, res, actor) => {
    await revokeLicenceUse(deps.licenceUse, { clientId: parse(clientId, req.params.clientId), itemCode: parse(code, req.params.code) }, actor);
    res.status(204).end();
  }));
  return r;
}

const tag = 'Administration';
const access = { scope: ADMIN_SCOPE };
const item = loose('code, name, department {code, name}, licences [{typeCode, fields}], legalBasis, updatedBy, updatedAt.');
const permission = loose('clientId, itemCode, legalBasis (null: only with consent), grantedBy, grantedAt.');
const itemParams = z.object({ code: code.describe('Service item code (事项编码).') });
const appParams = z.object({ clientId });
const appItemParams = z.object({ clientId, code });

export const adminServiceItemOperations: ApiOperation[] = [
  { id: 'listServiceItems', method: 'get', path: '/api/admin/service-items', tag, access, summary: 'Service items and their licence lists (用证清单)', responses: { 200: { description: 'Items', json: obj({ items: arr(item) }) } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'saveServiceItem', method: 'put', path: '/api/admin/service-items/:code', tag, access, params: itemParams, summary: 'Add or change a service item and its licence list', body: { json: itemBody }, responses: { 200: { description: 'The item', json: obj({ item }) } }, errors: ['ERR_FORBIDDEN'] },
  {
    id: 'importServiceItems', method: 'post', path: '/api/admin/service-items/import', tag, access, summary: 'Import service items from CSV (nothing is saved if a row is wrong)',
    body: { media: { 'text/csv': `Header ${SERVICE_ITEM_COLUMNS.join(',')}; one row per licence type of an item, fields separated by ";".` } },
    responses: { 200: { description: 'The items saved', json: obj({ items: arr(item) }) } }, errors: ['ERR_FORBIDDEN'],
  },
  { id: 'listLicenceUsePermissions', method: 'get', path: '/api/admin/apps/:clientId/licence-use', tag, access, params: appParams, summary: "An app's licence-use permissions", responses: { 200: { description: 'Permissions', json: obj({ permissions: arr(permission) }) } }, errors: ['ERR_FORBIDDEN'] },
  {
    id: 'grantLicenceUse', method: 'put', path: '/api/admin/apps/:clientId/licence-use/:code', tag, access, params: appItemParams, summary: 'Let an app use licences for a service item (with a legal basis: also without consent)',
    body: { json: permissionBody }, responses: { 200: { description: 'The permission', json: obj({ permission }) } }, errors: ['ERR_FORBIDDEN', 'ERR_LICENCE_USE_UNKNOWN_ITEM'],
  },
  { id: 'revokeLicenceUse', method: 'delete', path: '/api/admin/apps/:clientId/licence-use/:code', tag, access, params: appItemParams, summary: "Take back an app's licence-use permission for an item", responses: { 204: { description: 'Taken back' } }, errors: ['ERR_FORBIDDEN'] },
];
