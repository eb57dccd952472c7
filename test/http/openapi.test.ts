// The OpenAPI description of every JSON API (/api/openapi.json): every /api route of the router
// table has an operation and every operation a route; every other route is left out for a stated
// reason; the document holds OpenAPI 3.1's structure (checked with zod: operations, parameters,
// responses, unique operation ids, every $ref resolving, scopes and tags declared); and for a few
// routes a body the document's schema refuses is refused by the route, field by field, because
// both come from the same zod schema.
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/container.ts';
import { UNDESCRIBED_ROUTES } from '../../src/http/openapi.ts';
import { API_SCOPES } from '../../src/oidc/provider.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { routeTable } from '../support/route-table.ts';
import type { RouteEntry } from '../support/route-table.ts';
import { APP_REDIRECT, apiToken, licenceWorld } from './licence-world.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const media = z.record(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/), z.strictObject({ schema: z.record(z.string(), z.unknown()) }));
const parameter = z.strictObject({
  name: z.string().min(1), in: z.enum(['path', 'query', 'header', 'cookie']), required: z.boolean().optional(),
  description: z.string().optional(), schema: z.record(z.string(), z.unknown()),
}).refine((p) => p.in !== 'path' || p.required === true, 'a path parameter is required');
const response = z.strictObject({
  description: z.string().min(1),
  headers: z.record(z.string(), z.strictObject({ description: z.string().optional(), schema: z.record(z.string(), z.unknown()) })).optional(),
  content: media.optional(),
  'x-error-codes': z.array(z.string().regex(/^ERR_[A-Z0-9_]+$/)).optional(),
});
const operation = z.strictObject({
  operationId: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  tags: z.array(z.string()).length(1),
  summary: z.string().min(1),
  description: z.string().optional(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(parameter).optional(),
  requestBody: z.strictObject({ required: z.boolean(), description: z.string().optional(), content: media }).optional(),
  responses: z.record(z.string().regex(/^[1-5]\d\d$/), response).refine((r) => Object.keys(r).some((s) => /^[23]/.test(s)), 'a success answer'),
});
const openApi31 = z.strictObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.object({ title: z.string().min(1), version: z.string().min(1), description: z.string().optional() }),
  tags: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  paths: z.record(z.string().regex(/^\//), z.partialRecord(z.enum(METHODS), operation)),
  components: z.strictObject({
    schemas: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), z.record(z.string(), z.unknown())),
    securitySchemes: z.record(z.string(), z.object({ type: z.enum(['oauth2', 'http', 'apiKey', 'openIdConnect', 'mutualTLS']), flows: z.record(z.string(), z.object({ scopes: z.record(z.string(), z.string()) })).optional() })),
  }),
});
type Doc = z.infer<typeof openApi31>;

/** Every `$ref` anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI description of every JSON API', () => {
  let svc: OidcTestService;
  let routes: RouteEntry[];
  let raw: unknown;
  let doc: Doc;
  let token: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    routes = routeTable(createHttpApp(c, () => false));
    const res = await fetch(`${svc.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    raw = await res.json();
    doc = openApi31.parse(raw);
    await licenceWorld(c);
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '文档测试', kind: 'first_party', public: true, redirectUris: [APP_REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', ...API_SCOPES], fullIdNumber: false,
    }, { id: 'system:test', kind: 'system' });
    token = await apiToken(svc.url, app.clientId, 'L001', API_SCOPES.join(' '));
  }, 90_000);
  afterAll(async () => svc?.stop());

  const documented = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op: op! })));

  it('describes every /api route of the router table, and only routes that exist', () => {
    const api = routes.filter((r) => r.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(70);
    const keys = new Set(documented().map((d) => d.key));
    expect(api.map((r) => `${r.method} ${openApiPath(r.path)}`).filter((k) => !keys.has(k))).toEqual([]);
    const served = new Set(routes.map((r) => `${r.method} ${openApiPath(r.path)}`));
    expect([...keys].filter((k) => !served.has(k))).toEqual([]);
  });

  it('leaves out only routes that are not JSON APIs, each for a stated reason, never one under /api', () => {
    const keys = new Set(documented().map((d) => d.key));
    const left = routes.filter((r) => !keys.has(`${r.method} ${openApiPath(r.path)}`));
    expect(left.filter((r) => !UNDESCRIBED_ROUTES.some((u) => u.pattern.test(r.path))).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(left.filter((r) => r.path.startsWith('/api')).length).toBe(0);
    for (const u of UNDESCRIBED_ROUTES) expect(u.reason.length).toBeGreaterThan(10);
  });

  it('holds together as OpenAPI 3.1: unique operation ids, path parameters, scopes, tags and every $ref', () => {
    const ops = documented();
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const scopes = new Set(Object.values(doc.components.securitySchemes).flatMap((s) => Object.values(s.flows ?? {}).flatMap((f) => Object.keys(f.scopes))));
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { key, path, op } of ops) {
      const inPath = (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1)).sort();
      expect([key, (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort()]).toEqual([key, inPath]);
      for (const req of op.security) {
        for (const [scheme, wanted] of Object.entries(req)) {
          expect([key, scheme in doc.components.securitySchemes]).toEqual([key, true]);
          expect([key, wanted.filter((s) => !scopes.has(s))]).toEqual([key, []]);
        }
      }
      expect([key, tags.has(op.tags[0] as string)]).toEqual([key, true]);
      // A refusal is the shared error shape.
      for (const [status, r] of Object.entries(op.responses)) {
        if (r['x-error-codes']) expect([key, status, refsIn(r.content).includes('#/components/schemas/Error')]).toEqual([key, status, true]);
      }
    }
    const refs = refsIn(raw);
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => !/^#\/components\/schemas\//.test(r) || !(r.split('/').pop()! in doc.components.schemas))).toEqual([]);
    // Every JSON request schema is JSON Schema zod can read back.
    for (const { key, op } of ops) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (schema) expect(() => z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema), key).not.toThrow();
    }
  });

  it('names the scope each route needs and the codes it refuses with', () => {
    const byId = new Map(documented().map((d) => [d.op.operationId, d.op]));
    expect(byId.get('stampPdf')?.security).toEqual([{ yinxin: ['seals'] }]);
    expect(byId.get('issueLicence')?.security).toEqual([{ yinxin: ['licences'] }]);
    expect(byId.get('verify')?.security).toEqual([{ yinxin: ['verify'] }, {}]);
    expect(byId.get('readAuditHead')?.security).toEqual([]);
    expect(byId.get('stampPdf')?.responses['401']?.['x-error-codes']).toEqual(['ERR_UNAUTHENTICATED', 'ERR_STEP_UP_REQUIRED']);
    expect(byId.get('issueLicence')?.parameters?.find((p) => p.in === 'header')?.name).toBe('Idempotency-Key');
    expect(byId.get('createStaff')?.responses['400']?.['x-error-codes']).toContain('ERR_VALIDATION');
  });

  /** The request body schema the document gives an operation, as a zod validator. */
  const docSchema = (path: string, method: string) => {
    const schema = doc.paths[path]?.[method as 'post']?.requestBody?.content['application/json']?.schema;
    if (!schema) throw new Error(`no JSON body for ${method} ${path}`);
    return z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema);
  };
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${svc.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; issues?: { path: (string | number)[] }[] }; verdict?: unknown } };
  };

  const cases: { name: string; path: string; url: string; headers?: Record<string, string>; rejected: unknown[]; accepted: unknown[] }[] = [
    {
      name: 'approving a seal', path: '/api/seals/{id}/approve', url: '/api/seals/seal_nosuch/approve',
      rejected: [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 'ok', extra: 1 }, { reason: 5 }], accepted: [{ reason: '审批通过' }],
    },
    {
      name: 'granting a seal', path: '/api/seals/{id}/grants', url: '/api/seals/seal_nosuch/grants',
      rejected: [{}, { accountId: '' }, { accountId: 'a', expiresAt: 'tomorrow' }, { accountId: 'a', who: 'b' }], accepted: [{ accountId: 'acc_1', expiresAt: '2030-01-01T00:00:00Z' }],
    },
    {
      name: 'issuing a licence', path: '/api/licences', url: '/api/licences', headers: { 'idempotency-key': 'openapi-test-1' },
      rejected: [{}, { typeCode: 'short', data: {} }, { typeCode: '0'.repeat(21), data: {}, validFrom: '1 May' }, { typeCode: '0'.repeat(21), data: [] }, { typeCode: '0'.repeat(21), data: {}, more: true }], accepted: [],
    },
    {
      name: 'verifying by reference', path: '/api/verify', url: '/api/verify',
      rejected: [{}, { handle: 'short' }, { code: '1' }, { handle: '0123456789abcdef', code: '12345678' }], accepted: [{ handle: '0123456789abcdef' }],
    },
  ];

  for (const c of cases) {
    it(`refuses at the route what the document's schema refuses: ${c.name}`, async () => {
      const schema = docSchema(c.path, 'post');
      for (const body of c.rejected) {
        const byDoc = schema.safeParse(body);
        expect([body, byDoc.success]).toEqual([body, false]);
        const res = await post(c.url, body, c.headers);
        expect([body, res.status, res.body.error?.code]).toEqual([body, 400, 'ERR_VALIDATION']);
        // The route names the same first offending field as the document's schema.
        const docPath = byDoc.error!.issues[0]!.path.map(String);
        const routePaths = (res.body.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
        if (docPath.length > 0) expect([body, routePaths.some((p) => p.startsWith(docPath[0]!))]).toEqual([body, true]);
      }
      for (const body of c.accepted) {
        expect([body, schema.safeParse(body).success]).toEqual([body, true]);
        const res = await post(c.url, body, c.headers);
        expect([body, res.body.error?.code]).not.toEqual([body, 'ERR_VALIDATION']);
      }
    });
  }
});
