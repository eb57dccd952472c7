// `/api/admin/apps`: system administrators register and manage government apps.
// Every request carries a yinxin access token for the API with the `admin` scope, from a system
// administrator whose sign-in included a recent one-time password (authorize-app-admin.ts). Bodies are
// checked by zod; a new or rotated client secret appears in that one response only (no-store).
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { z } from 'zod';
import { API_SCOPES, CLAIMS } from '../../oidc/provider.ts';
import type { AppActor, AppDeps } from '../../services/apps/app-registration.ts';
import { existingApp, summaryOf } from '../../services/apps/app-registration.ts';
import { ADMIN_SCOPE, authorizeAppAdmin } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { listApps } from '../../services/apps/list-apps.ts';
import { registerApp } from '../../services/apps/register-app.ts';
import { rotateAppSecret } from '../../services/apps/rotate-app-secret.ts';
import { setAppStatus } from '../../services/apps/set-app-status.ts';
import { updateApp } from '../../services/apps/update-app.ts';
import type { IdentityDeps } from '../../services/identity/identity-deps.ts';
import { requestContext } from '../request-context.ts';
import { parse } from '../parse.ts';
import { arr, loose, obj, ref, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface AdminAppsDeps {
  apps: AppDeps;
  identity: Pick<IdentityDeps, 'accounts' | 'audit'> & { clock?: IdentityDeps['clock']; adminOtpMaxAgeS?: number };
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
}

const SCOPES = [...Object.entries(CLAIMS).filter(([, v]) => v !== null).map(([k]) => k), 'offline_access', ...API_SCOPES] as [string, ...string[]];
const uri = z.string().min(1).max(2000);
const uris = z.array(uri).max(20);
const fields = {
  name: z.string().trim().min(1).max(64),
  kind: z.enum(['first_party', 'third_party']),
  applicationType: z.enum(['web', 'native']),
  redirectUris: uris,
  postLogoutRedirectUris: uris,
  grantTypes: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])).min(1).max(3),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
  fullIdNumber: z.boolean(),
  idTokenAlg: z.enum(['ES256', 'RS256']),
  sector: z.string().min(1).max(253),
  subjectType: z.enum(['public', 'pairwise']),
  refreshPolicy: z.enum(['offline_access', 'always']),
  resourceServer: z.boolean(),
};
const createBody = z.strictObject({
  ...fields,
  public: z.boolean(),
  applicationType: fields.applicationType.optional(),
  postLogoutRedirectUris: uris.default([]),
  fullIdNumber: z.boolean().default(false),
  backchannelLogoutUri: uri.optional(),
  idTokenAlg: fields.idTokenAlg.optional(),
  sector: fields.sector.optional(),
  subjectType: fields.subjectType.optional(),
  refreshPolicy: fields.refreshPolicy.optional(),
  resourceServer: fields.resourceServer.optional(),
});
const updateBody = z.strictObject({
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  applicationType: fields.applicationType.optional(),
  redirectUris: fields.redirectUris.optional(),
  postLogoutRedirectUris: fields.postLogoutRedirectUris.optional(),
  grantTypes: fields.grantTypes.optional(),
  scopes: fields.scopes.optional(),
  fullIdNumber: fields.fullIdNumber.optional(),
  backchannelLogoutUri: uri.nullable().optional(),
  idTokenAlg: fields.idTokenAlg.optional(),
  sector: fields.sector.optional(),
  subjectType: fields.subjectType.optional(),
  refreshPolicy: fields.refreshPolicy.optional(),
  resourceServer: fields.resourceServer.optional(),
}).refine((b) => Object.keys(b).length > 0, 'nothing to change');
const clientIdParam = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/);
/** The request shapes, shared with the apps pages (admin-apps-page.ts). */
export const appSchemas = { createBody, updateBody, clientIdParam, scopes: SCOPES };

type Handler = (req: Request, res: Response, actor: AppActor, clientId: string) => Promise<void>;

export function adminAppRoutes(deps: AdminAppsDeps): Router {
  const r = Router();
  const caller = requireCaller(ADMIN_SCOPE, deps.readToken);
  const admin = (handler: Handler, withId = true): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const actor = await authorizeAppAdmin(deps.identity, callerOf<ApiCaller>(res), requestContext(req));
      const clientId = withId ? parse(clientIdParam, req.params.clientId) : '';
      await handler(req, res, actor, clientId);
    } catch (e) {
      next(e);
    }
  }];

  r.get('/api/admin/apps', admin(async (_req, res) => {
    res.json({ apps: await listApps(deps.apps) });
  }, false));
  r.post('/api/admin/apps', admin(async (req, res, actor) => {
    const body = parse(createBody, req.body);
    const { clientId, clientSecret } = await registerApp(deps.apps, body, actor);
    res.status(201).json({ clientId, clientSecret, app: summaryOf(await existingApp(deps.apps.apps, clientId)) });
  }, false));
  r.get('/api/admin/apps/:clientId', admin(async (_req, res, _actor, clientId) => {
    res.json({ app: summaryOf(await existingApp(deps.apps.apps, clientId)) });
  }));
  r.patch('/api/admin/apps/:clientId', admin(async (req, res, actor, clientId) => {
    res.json({ app: await updateApp(deps.apps, clientId, parse(updateBody, req.body), actor) });
  }));
  r.post('/api/admin/apps/:clientId/secret', admin(async (_req, res, actor, clientId) => {
    res.json(await rotateAppSecret(deps.apps, clientId, actor));
  }));
  r.post('/api/admin/apps/:clientId/disable', admin(async (_req, res, actor, clientId) => {
    res.json({ app: await setAppStatus(deps.apps, clientId, 'disabled', actor) });
  }));
  r.post('/api/admin/apps/:clientId/enable', admin(async (_req, res, actor, clientId) => {
    res.json({ app: await setAppStatus(deps.apps, clientId, 'active', actor) });
  }));
  return r;
}

const tag = 'Administration';
const access = { scope: ADMIN_SCOPE };
const params = z.object({ clientId: clientIdParam });
const appAnswer = { description: 'The app', json: obj({ app: ref('App') }) };
const adminErrors = ['ERR_FORBIDDEN', 'ERR_STEP_UP_REQUIRED'] as const;
const secretAnswer = { description: 'The new client secret, shown in this answer only', json: obj({ clientId: str(), clientSecret: str() }) };

export const adminAppOperations: ApiOperation[] = [
  { id: 'listApps', method: 'get', path: '/api/admin/apps', tag, access, summary: 'Registered apps', responses: { 200: { description: 'Apps', json: obj({ apps: arr(ref('App')) }) } }, errors: [...adminErrors] },
  {
    id: 'registerApp', method: 'post', path: '/api/admin/apps', tag, access, summary: 'Register an app', body: { json: createBody },
    responses: { 201: { description: 'The app, with its client secret shown in this answer only (confidential clients)', json: obj({ clientId: str(), clientSecret: { type: ['string', 'null'] }, app: ref('App') }) } },
    errors: [...adminErrors, 'ERR_CONFLICT'],
  },
  { id: 'readApp', method: 'get', path: '/api/admin/apps/:clientId', tag, access, params, summary: 'One app', responses: { 200: appAnswer }, errors: [...adminErrors] },
  { id: 'updateApp', method: 'patch', path: '/api/admin/apps/:clientId', tag, access, params, summary: "Change an app's registration", body: { json: updateBody }, responses: { 200: appAnswer }, errors: [...adminErrors, 'ERR_CONFLICT'] },
  { id: 'rotateAppSecret', method: 'post', path: '/api/admin/apps/:clientId/secret', tag, access, params, summary: 'Issue a new client secret (the old one stops working)', responses: { 200: secretAnswer }, errors: [...adminErrors, 'ERR_VALIDATION'] },
  { id: 'disableApp', method: 'post', path: '/api/admin/apps/:clientId/disable', tag, access, params, summary: 'Disable an app: its tokens and sign-ins stop', responses: { 200: appAnswer }, errors: [...adminErrors, 'ERR_CONFLICT'] },
  { id: 'enableApp', method: 'post', path: '/api/admin/apps/:clientId/enable', tag, access, params, summary: 'Enable a disabled app', responses: { 200: appAnswer }, errors: [...adminErrors, 'ERR_CONFLICT'] },
];

/** How an app is shown to its administrators (services/apps summaryOf). */
export const adminAppSchemas = {
  App: loose('A registered app: clientId, status, createdAt, updatedAt and its registration (the fields of the registration body, each with its default filled in).'),
};
