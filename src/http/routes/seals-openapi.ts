// The OpenAPI 3.1 description of the seal API, served at `/api/openapi.json`. Request schemas come
// from the zod schemas the routes enforce (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1
// uses); responses are described by hand. A test checks that every route is documented and every
// documented path answers.
import { z } from 'zod';
import { ErrorCodes } from '../../domain/errors.ts';
import { REVOCATION_REASONS, SEAL_KINDS, SEAL_STATUSES } from '../../domain/seal.ts';
import { CHECK_CODES, RESULT_MESSAGES } from '../../domain/verdict.ts';
import { SEALS_SCOPE } from './seals-caller.ts';
import { applyBody, grantBody, reasonBody, revokeBody, signHashBody, signQuery, stampQuery, verifySignatureBody } from './seals-schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('Error')) });
const errors = { 400: error('Invalid input (ERR_VALIDATION)'), 401: error('No valid access token (ERR_UNAUTHENTICATED)'), 403: error('Not allowed (ERR_FORBIDDEN, ERR_SEAL_*)'), 404: error('No such seal or grant (ERR_NOT_FOUND)') };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^seal_[A-Za-z0-9_-]{1,40}$' } };
const reasonRequest = { required: true, content: json(schemaOf(reasonBody)) };
const sealChange = (summary: string, request: Json, extra: Json = {}) => ({
  summary, parameters: [idParam], requestBody: request,
  responses: { 200: { description: 'The seal after the change', content: json({ type: 'object', properties: { seal: ref('Seal'), crlIssued: { type: 'boolean' } }, required: ['seal'] }) }, ...errors, 409: error('Not possible in the seal\'s current state (ERR_SEAL_TRANSITION, ERR_SEAL_*)'), ...extra },
});

function queryParameters(schema: z.ZodType): Json[] {
  const q = schemaOf(schema) as { properties: Record<string, Json>; required: string[] };
  return Object.entries(q.properties).map(([name, schema]) => ({ name, in: 'query', required: q.required.includes(name), schema }));
}

const RESULTS = Object.keys(RESULT_MESSAGES);

const schemas: Record<string, Json> = {
  Error: {
    type: 'object', required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', enum: [...ErrorCodes] }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object' } } } } },
  },
  Seal: {
    type: 'object', required: ['id', 'kind', 'name', 'owner', 'status'],
    properties: {
      id: { type: 'string' }, code: { type: ['string', 'null'], description: '13-digit seal code, assigned on approval.' },
      kind: { type: 'string', enum: [...SEAL_KINDS] }, name: { type: 'string' },
      owner: { type: 'object', properties: { kind: { type: 'string', enum: ['department', 'legal_person'] }, id: { type: 'string' }, name: { type: 'string' } } },
      personName: { type: ['string', 'null'] }, status: { type: 'string', enum: [...SEAL_STATUSES] }, validityYears: { type: 'integer' },
      validStart: { type: ['string', 'null'], format: 'date-time' }, validEnd: { type: ['string', 'null'], format: 'date-time' },
      applicantId: { type: 'string' }, approverId: { type: ['string', 'null'] },
      certificate: { type: ['object', 'null'], properties: { serialNumber: { type: 'string' }, pem: { type: 'string' } } },
      image: { type: ['object', 'null'], properties: { url: { type: 'string' }, source: { type: 'string' }, widthMm: { type: 'number' }, heightMm: { type: 'number' } } },
      granted: { type: 'boolean', description: 'Whether the caller holds a live grant to use the seal.' },
      createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  SealEvent: {
    type: 'object',
    properties: { at: { type: 'string', format: 'date-time' }, from: { type: ['string', 'null'] }, to: { type: 'string' }, actorId: { type: ['string', 'null'] }, reason: { type: 'string' }, revocationReason: { type: ['string', 'null'], enum: [...REVOCATION_REASONS, null] } },
  },
  Grant: {
    type: 'object',
    properties: { id: { type: 'string' }, sealId: { type: 'string' }, accountId: { type: 'string' }, grantedBy: { type: 'string' }, grantedAt: { type: 'string', format: 'date-time' }, expiresAt: { type: ['string', 'null'] }, endedAt: { type: ['string', 'null'] }, active: { type: 'boolean' } },
  },
  VerificationOutcome: {
    type: 'object', required: ['verdict', 'receipt'],
    description: 'The same answer as `POST /api/verify`: the verdict with one row per check, and the signed receipt for it (null when it could not be signed). Status 200 for a definite verdict, 404 when nothing verifiable was found (NOT_FOUND), 503 with Retry-After when it cannot be confirmed now (CANNOT_CONFIRM).',
    properties: { verdict: ref('Verdict'), receipt: { type: ['object', 'null'], description: 'payload (canonical JSON of the verdict), signature (SM2-SM3, base64), algorithm, signerId, keyId, certificateChain (base64 DER).' } },
  },
  Verdict: {
    type: 'object', required: ['result', 'colour', 'headline', 'checks', 'subject', 'successor', 'checkedAt', 'statusAsOf', 'retryAfterSeconds'],
    properties: {
      result: { type: 'string', enum: [...RESULTS], description: 'Follows from the checks alone: a definite defect outranks an open question, which outranks VALID.' },
      colour: { type: 'string', enum: ['green', 'amber', 'red'] }, headline: ref('Bilingual'),
      checks: { type: 'array', items: ref('VerdictCheck'), description: 'For each seal on the file (or the detached signature): integrity, signature and issuer; then licence status and validity (not applicable to a document that is not a registered licence).' },
      subject: {
        type: ['object', 'null'],
        properties: {
          kind: { type: 'string', enum: ['licence', 'document'] }, identifier: { type: 'string' }, documentSm3: { type: 'string', description: 'SM3 (hex) of the file, or of the data a detached signature protects.' },
          seals: { type: 'array', items: { type: 'object', properties: { name: { type: ['string', 'null'] }, code: { type: ['string', 'null'] }, signedAt: { type: ['string', 'null'], format: 'date-time' } } } },
        },
      },
      successor: { type: ['object', 'null'], properties: { identifier: { type: 'string' }, url: { type: 'string' } } },
      checkedAt: { type: 'string', format: 'date-time' }, statusAsOf: { type: ['string', 'null'], format: 'date-time' }, retryAfterSeconds: { type: ['integer', 'null'] },
    },
  },
  VerdictCheck: {
    type: 'object', required: ['check', 'outcome', 'code', 'message'],
    properties: {
      check: { type: 'string', enum: ['integrity', 'signature', 'issuer', 'licence-status', 'validity', 'share'] },
      outcome: { type: 'string', enum: ['passed', 'failed', 'indeterminate', 'not-applicable'] },
      code: { type: 'string', enum: [...CHECK_CODES], description: 'Stable; e.g. INTEGRITY_CHANGED_AFTER_SEALING, SIGNATURE_SEAL_REVOKED_AT_SIGNING, ISSUER_NOT_REGISTERED_SEAL.' },
      message: ref('Bilingual'),
    },
  },
  Bilingual: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
};

const pdfRequest = (description: string) => ({ required: true, description, content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } });

/** The document; built once. */
let doc: Json | undefined;
export function openApiDocument(): Json {
  doc ??= {
    openapi: '3.1.0',
    info: { title: 'yinxin seal API', version: '1.0.0', description: 'Electronic seals (GB/T 38540): registry, grants, stamping, and verification answered with the same verdict as /api/verify.' },
    security: [{ yinxin: [SEALS_SCOPE] }],
    paths: {
      '/api/seals': {
        get: { summary: "The caller's organisation's seals (and, for approvers, every seal awaiting approval)", responses: { 200: { description: 'Seals', content: json({ type: 'object', properties: { seals: { type: 'array', items: ref('Seal') } } }) }, 401: errors[401] } },
        post: { summary: 'Apply for a seal (seal keepers)', requestBody: { required: true, content: json(schemaOf(applyBody)) }, responses: { 201: { description: 'The pending seal', content: json({ type: 'object', properties: { seal: ref('Seal') } }) }, ...errors, 409: error('The owner already has an official seal (ERR_CONFLICT)'), 422: error('The uploaded image is not acceptable (ERR_SEAL_IMAGE_INVALID)') } },
      },
      '/api/seals/verify': {
        post: { summary: 'Verify every seal of a sealed PDF (a licence PDF also against the register)', description: 'The verdict `POST /api/verify` gives for the same file, recorded in the audit log under the calling app.', requestBody: pdfRequest('The PDF'), responses: { 200: { description: 'The verdict', content: json(ref('VerificationOutcome')) }, 401: errors[401], 404: { description: 'No seal or signature to check (NOT_FOUND)', content: json(ref('VerificationOutcome')) }, 413: error('Too large (ERR_PAYLOAD_TOO_LARGE)'), 415: error('Not sent as application/pdf'), 422: error('Not a readable PDF (ERR_DOCUMENT_INVALID), or too complex to read (ERR_DOCUMENT_TOO_COMPLEX)'), 503: { description: 'Cannot confirm now (CANNOT_CONFIRM; Retry-After)', content: json(ref('VerificationOutcome')) } } },
      },
      '/api/seals/{id}': {
        get: { summary: 'One seal with its history, and its grants for its administrator', parameters: [idParam], responses: { 200: { description: 'The seal', content: json({ type: 'object', properties: { seal: ref('Seal'), events: { type: 'array', items: ref('SealEvent') }, grants: { type: ['array', 'null'], items: ref('Grant') } } }) }, ...errors } },
      },
      '/api/seals/{id}/image': {
        get: { summary: "The seal's image", parameters: [idParam], responses: { 200: { description: 'PNG, red on transparent', content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } } }, ...errors } },
      },
      '/api/seals/{id}/approve': { post: sealChange('Approve and make a pending seal (a seal approver other than the applicant)', reasonRequest) },
      '/api/seals/{id}/suspend': { post: sealChange('Suspend an active seal', reasonRequest) },
      '/api/seals/{id}/resume': { post: sealChange('Resume a suspended seal (seal approvers)', reasonRequest) },
      '/api/seals/{id}/revoke': { post: sealChange('Revoke a seal for good', { required: true, content: json(schemaOf(revokeBody)) }) },
      '/api/seals/{id}/grants': {
        post: { summary: 'Grant a member of the organisation the use of the seal', parameters: [idParam], requestBody: { required: true, content: json(schemaOf(grantBody)) }, responses: { 201: { description: 'The grant', content: json({ type: 'object', properties: { grant: ref('Grant') } }) }, ...errors, 409: error('Already granted, or the seal is not active') } },
      },
      '/api/seals/{id}/grants/{grantId}': {
        delete: { summary: 'End a grant', parameters: [idParam, { name: 'grantId', in: 'path', required: true, schema: { type: 'string', pattern: '^grant_[A-Za-z0-9_-]{1,40}$' } }], responses: { 200: { description: 'Whether it was live until now', content: json({ type: 'object', properties: { ended: { type: 'boolean' } } }) }, ...errors } },
      },
      '/api/seals/{id}/stamp': {
        post: {
          summary: 'Stamp a PDF with the seal',
          description: 'Needs a live grant and a recent sign-in with a second factor (acr `L1-mfa` or stronger: `L2-mfa`, `L4`; docs/assurance.md). Otherwise 401 with `WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="L1-mfa", max_age=…` (RFC 9470): send the user to `/oidc/auth` with those `acr_values` and `max_age` (any staff member can then add a one-time password) and retry.',
          parameters: [idParam, ...queryParameters(stampQuery)],
          requestBody: pdfRequest('The PDF to stamp'),
          responses: {
            200: { description: 'The stamped PDF', headers: { 'X-Seal-Use-Id': { schema: { type: 'string' } }, 'X-Document-SM3': { schema: { type: 'string' } } }, content: { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } } },
            ...errors,
            401: error('No valid token (ERR_UNAUTHENTICATED), or step-up required (ERR_STEP_UP_REQUIRED)'),
            409: error('The seal is pending, suspended, revoked or expired (ERR_SEAL_*)'),
            413: error('Too large (ERR_PAYLOAD_TOO_LARGE)'), 415: error('Not sent as application/pdf'),
            422: error('Not a readable unencrypted PDF (ERR_DOCUMENT_INVALID), the place is outside the page (ERR_PLACEMENT_INVALID), the keyword is not in the text (ERR_KEYWORD_NOT_FOUND), or a cross-page seal is asked of a one-page document (ERR_CROSS_PAGE_TOO_FEW_PAGES)'),
          },
        },
      },
      '/api/seals/{id}/sign': {
        post: {
          summary: 'Sign given bytes, or a given SM3 hash, with the seal (detached GB/T 38540 SES_Signature)',
          description: 'Send the bytes as `application/octet-stream` with `reason` (and optionally `propertyInfo`) in the query, or their SM3 as `application/json`. The same grant and step-up rules as stamping apply; the use is audited with the hash.',
          parameters: [idParam, ...queryParameters(signQuery).map((p) => ({ ...p, required: false, description: 'With an application/octet-stream body only (required there for reason).' }))],
          requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } }, ...json(schemaOf(signHashBody)) } },
          responses: {
            200: { description: 'The SES_Signature', content: json({ type: 'object', required: ['signature', 'dataHash', 'useId'], properties: { signature: { type: 'string', contentEncoding: 'base64', description: 'SES_Signature DER' }, dataHash: { type: 'string', description: 'SM3 hex, as signed' }, useId: { type: 'string' }, signingTime: { type: 'string', format: 'date-time' } } }) },
            ...errors,
            401: error('No valid token (ERR_UNAUTHENTICATED), or step-up required (ERR_STEP_UP_REQUIRED)'),
            409: error('The seal is pending, suspended, revoked or expired (ERR_SEAL_*)'),
            413: error('Too large (ERR_PAYLOAD_TOO_LARGE)'), 415: error('Neither application/octet-stream nor application/json'),
          },
        },
      },
      '/api/seals/verify-signature': {
        post: { summary: 'Verify a detached SES_Signature with its data or the SM3 of its data', requestBody: { required: true, content: json(schemaOf(verifySignatureBody)) }, responses: { 200: { description: 'The verdict: integrity (dataHash), signature and issuer rows for the signature, with the seal\'s registry status at the signing time', content: json(ref('VerificationOutcome')) }, 400: errors[400], 401: errors[401], 503: { description: 'Cannot confirm now (CANNOT_CONFIRM; Retry-After)', content: json(ref('VerificationOutcome')) } } },
      },
      '/api/openapi.json': { get: { summary: 'This description', security: [], responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } } },
    },
    components: {
      schemas,
      securitySchemes: {
        yinxin: { type: 'oauth2', description: 'yinxin access tokens for the API resource (`resource=<publicUrl>/api`) with the seals scope.', flows: { authorizationCode: { authorizationUrl: '/oidc/auth', tokenUrl: '/oidc/token', scopes: { [SEALS_SCOPE]: 'Seal registry, grants, stamping and verification' } } } },
      },
    },
  };
  return doc;
}
