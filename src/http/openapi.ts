// The OpenAPI 3.1 description of every JSON API, served at `/api/openapi.json` and rendered at
// `/api/docs`. It is assembled from the operations each route module exports beside its handlers
// (api-operation.ts): request schemas are the zod schemas the routes parse with, turned into JSON
// Schema 2020-12 (OpenAPI 3.1's dialect) by z.toJSONSchema; error answers are grouped by the
// status http/errors.ts gives each code. A test holds every /api route of the router to having
// an operation here.
import { z } from 'zod';
import { ErrorCodes } from '../domain/errors.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { API_SCOPES } from '../oidc/provider.ts';
import { obj } from './api-operation.ts';
import type { ApiOperation, JsonSchema } from './api-operation.ts';
import { statusOf } from './errors.ts';
import { adminAccountOperations, adminAccountSchemas } from './routes/admin-accounts.ts';
import { adminAppOperations, adminAppSchemas } from './routes/admin-apps.ts';
import { adminAuditOperations } from './routes/admin-audit.ts';
import { adminStaffOperations, adminStaffSchemas } from './routes/admin-staff.ts';
import { auditOperations } from './routes/audit.ts';
import { certBindingOperations } from './routes/cert-bindings.ts';
import { enterpriseAgentOperations } from './routes/enterprise-agents.ts';
import { licenceHolderOperations } from './routes/licence-holder.ts';
import { licenceUseOperations } from './routes/licence-use.ts';
import { adminServiceItemOperations } from './routes/admin-service-items.ts';
import { licenceImportOperations } from './routes/licence-imports.ts';
import { licenceOperations, licenceSchemas } from './routes/licences.ts';
import { qrLoginOperations } from './routes/qr-login-api.ts';
import { realNameOperations } from './routes/real-name-api.ts';
import { sealDeskOperations } from './routes/seal-desk.ts';
import { sealOperations, sealSchemas } from './routes/seals-openapi.ts';
import { verificationOperations, verificationSchemas } from './routes/verification.ts';

/** The description itself and its reference page. */
const selfOperations: ApiOperation[] = [
  { id: 'openApiDocument', method: 'get', path: '/api/openapi.json', tag: 'Reference', access: 'public', summary: 'This description (OpenAPI 3.1)', responses: { 200: { description: 'The OpenAPI document', json: { type: 'object' } } } },
  { id: 'apiReferencePage', method: 'get', path: '/api/docs', tag: 'Reference', access: 'public', summary: 'This description as a page to read', responses: { 200: { description: 'HTML', media: 'text/html' } } },
];

/** Every described operation, in the order the reference lists them. */
export const apiOperations: readonly ApiOperation[] = [
  ...sealOperations, ...sealDeskOperations, ...licenceOperations, ...licenceImportOperations, ...licenceHolderOperations,
  ...verificationOperations, ...enterpriseAgentOperations, ...certBindingOperations, ...realNameOperations, ...qrLoginOperations,
  ...adminAppOperations, ...adminStaffOperations, ...adminAccountOperations, ...auditOperations, ...adminAuditOperations, ...licenceUseOperations, ...adminServiceItemOperations, ...selfOperations,
];

/**
 * Routes of the router table that are not JSON APIs, and why they are left out. Nothing under
 * /api may be left out: a test fails on an /api route without an operation.
 */
export const UNDESCRIBED_ROUTES: readonly { pattern: RegExp; reason: string }[] = [
  { pattern: /^\/oidc(\/|$)/, reason: "OpenID Connect provider endpoints, described by the provider's own discovery document (/oidc/.well-known/openid-configuration)" },
  { pattern: /^\/interaction\//, reason: 'sign-in steps: HTML forms and the sign-in page\'s own polling, driven by the provider\'s interaction, not an API' },
  { pattern: /^\/static\//, reason: 'style sheets and scripts of the pages' },
  { pattern: /^\/(healthz|readyz|metrics)$/, reason: 'health and Prometheus endpoints for the platform, not for apps' },
  { pattern: /^\/pki\//, reason: 'certificate and CRL files (DER) at their distribution points, as RFC 5280 names them' },
  { pattern: /^\/(admin|account|holder|enterprise|app|verify|desk\/seals$|desk\/licences(\/|$))/, reason: 'server-rendered pages (HTML) and their form posts' },
  { pattern: /^\/$/, reason: 'the home page (HTML)' },
  { pattern: /^\/\.well-known\/openid-configuration$/, reason: "a redirect to the provider's discovery document under /oidc" },
];

const TAGS: { name: string; description: string }[] = [
  { name: 'Seals', description: 'Electronic seals (GB/T 38540): registry, grants, stamping and verification of PDFs.' },
  { name: 'Seal desk', description: 'What the seal desk page asks of the server besides the seal API.' },
  { name: 'Licences', description: 'Issuing departments issue licences and manage their lifecycle.' },
  { name: 'Licence holders', description: 'Holders list, download and show (亮证) their licences.' },
  { name: 'Verification', description: 'Public verification of licences and sealed files; every answer is a verdict.' },
  { name: 'Licence use (用证)', description: 'Registered government systems retrieve the licences a service item needs, with the holder\'s consent or under a legal basis; the interfaces of GB/T 36906 mapped in docs/licence-use.md.' },
  { name: 'Enterprises', description: 'Legal representatives manage who may act for their enterprise.' },
  { name: 'Identity', description: "A signed-in person's certificates, real-name check and QR login on the phone." },
  { name: 'Administration', description: 'Apps and the staff directory, for administrators signed in with a one-time password.' },
  { name: 'Audit', description: 'The public head of the audit chain; search, export and status of the log for auditors signed in with a one-time password.' },
  { name: 'Reference', description: 'This description.' },
];

const SCOPE_TEXT: Record<string, string> = {
  seals: 'Seal registry, grants, stamping and verification',
  licences: 'Issuing and managing licences (staff with the licence issuer role)',
  holder: "A holder's own licences and their shares",
  admin: 'App registration and the staff directory (administrators); the audit search (auditors)',
  verify: 'Verification at a verifier system\'s rate and field rights (client credentials)',
  qr_login: 'Confirming QR-scan sign-ins on the phone',
  enterprise: "Managing an enterprise's agents (legal representatives)",
  identity: 'Real-name check of the signed-in citizen',
};

/** A zod schema as JSON Schema 2020-12 without its `$schema` line (the document states the dialect). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** One OpenAPI parameter per property of an object schema. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header'): JsonSchema[] {
  if (schema === undefined) return [];
  const s = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const { description, ...rest } = p;
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

/** The error codes an operation can answer: those it lists and those its shape implies. */
export function errorCodesOf(op: ApiOperation): ErrorCode[] {
  const implied: ErrorCode[] = [
    ...(op.access === 'public' ? [] : ['ERR_UNAUTHENTICATED' as const]),
    ...(op.params ? ['ERR_NOT_FOUND' as const] : []),
    ...(op.body?.json || op.query || op.headers ? ['ERR_VALIDATION' as const] : []),
  ];
  return [...new Set([...implied, ...(op.errors ?? [])])];
}

const errorRef = { $ref: '#/components/schemas/Error' };

function responsesOf(op: ApiOperation): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const content = r.json ? { 'application/json': { schema: r.json } } : r.media ? { [r.media]: { schema: { type: 'string', contentMediaType: r.media } } } : undefined;
    const headers = r.headers ? Object.fromEntries(Object.entries(r.headers).map(([k, d]) => [k, { description: d, schema: { type: 'string' } }])) : undefined;
    out[status] = { description: r.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(op)) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const given = out[status] as { description: string; content?: Record<string, { schema: JsonSchema }> } | undefined;
    const answer = given?.content?.['application/json']?.schema;
    // A status that is also an answer of the route's own (a verdict "not found") carries either.
    out[status] = {
      description: given ? `${given.description}; or an error: ${codes.join(', ')}` : codes.join(', '),
      content: { 'application/json': { schema: answer ? { oneOf: [answer, errorRef] } : errorRef } },
      'x-error-codes': codes,
    };
  }
  return out;
}

function requestBodyOf(op: ApiOperation): JsonSchema | undefined {
  const b = op.body;
  if (b === undefined) return undefined;
  const content: Record<string, JsonSchema> = {};
  if (b.json) content['application/json'] = { schema: jsonSchemaOf(b.json) };
  for (const [media, description] of Object.entries(b.media ?? {})) {
    const file = { type: 'string', contentMediaType: 'application/octet-stream' };
    content[media] = { schema: media === 'multipart/form-data' ? { type: 'object', description, properties: { file } } : { type: 'string', contentMediaType: media, description } };
  }
  return { required: b.required ?? true, ...(b.description ? { description: b.description } : {}), content };
}

function securityOf(op: ApiOperation): JsonSchema[] {
  if (op.access === 'public') return [];
  return [{ yinxin: op.access.scope === null ? [] : [op.access.scope] }, ...(op.access.optional ? [{}] : [])];
}

/** `/api/seals/:id` → `/api/seals/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

function operationOf(op: ApiOperation): JsonSchema {
  const parameters = [...parametersOf(op.params, 'path'), ...parametersOf(op.query, 'query'), ...parametersOf(op.headers, 'header')];
  const body = requestBodyOf(op);
  return {
    operationId: op.id, tags: [op.tag], summary: op.summary, ...(op.description ? { description: op.description } : {}),
    security: securityOf(op), ...(parameters.length > 0 ? { parameters } : {}), ...(body ? { requestBody: body } : {}),
    responses: responsesOf(op),
  };
}

const schemas: Record<string, JsonSchema> = {
  Error: {
    type: 'object', required: ['error'], description: 'Every refusal: a stable code, a public message and, for invalid input, the offending fields (never their values).',
    properties: {
      error: {
        ...obj({
          code: { type: 'string', enum: [...ErrorCodes] },
          message: { type: 'string' },
          issues: { type: 'array', items: obj({ path: { type: 'array', items: { type: ['string', 'integer'] } }, code: { type: 'string' }, message: { type: 'string' } }, ['code']) },
        }, ['issues']),
      },
    },
  },
  ...sealSchemas, ...licenceSchemas, ...verificationSchemas, ...adminAppSchemas, ...adminStaffSchemas, ...adminAccountSchemas,
};

/** The document; built once. */
let doc: JsonSchema | undefined;
export function openApiDocument(): JsonSchema {
  if (doc) return doc;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of apiOperations) (paths[openApiPath(op.path)] ??= {})[op.method] = operationOf(op);
  doc = {
    openapi: '3.1.0',
    info: {
      title: 'yinxin API', version: '1.0.0',
      description: 'The JSON APIs of yinxin: seals, licences, verification, identity and administration. Apps call them with an access token for the API resource (`resource=<publicUrl>/api`) carrying the scope each operation names; every refusal is `{"error": {"code", "message", "issues"?}}` with a stable code.',
    },
    tags: TAGS,
    paths,
    components: {
      schemas,
      securitySchemes: {
        yinxin: {
          type: 'oauth2', description: 'yinxin access tokens for the API resource (`resource=<publicUrl>/api`), sent as `Authorization: Bearer <token>`.',
          flows: {
            authorizationCode: { authorizationUrl: '/oidc/auth', tokenUrl: '/oidc/token', scopes: Object.fromEntries(API_SCOPES.map((s) => [s, SCOPE_TEXT[s] ?? s])) },
            clientCredentials: { tokenUrl: '/oidc/token', scopes: { verify: SCOPE_TEXT.verify } },
          },
        },
      },
    },
  };
  return doc;
}
