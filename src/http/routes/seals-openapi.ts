// The seal API's operations and shared shapes for the OpenAPI document (http/openapi.ts). Request
// schemas are the zod schemas the routes enforce (seals-schemas.ts); responses are described by hand.
import { z } from 'zod';
import { REVOCATION_REASONS, SEAL_KINDS, SEAL_STATUSES } from '../../domain/seal.ts';
import { arr, bool, nullable, obj, ref } from '../api-operation.ts';
import type { ApiOperation, ApiResponse, JsonSchema } from '../api-operation.ts';
import { SEALS_SCOPE } from './seals-caller.ts';
import { applyBody, grantBody, grantIdParam, reasonBody, revokeBody, sealIdParam, signHashBody, signQuery, stampQuery, verifySignatureBody } from './seals-schemas.ts';

const access = { scope: SEALS_SCOPE };
const tag = 'Seals';
const params = z.object({ id: sealIdParam });
const pdf = { 'application/pdf': 'The PDF.' };
const sealAfter: Record<number, ApiResponse> = { 200: { description: 'The seal after the change', json: obj({ seal: ref('Seal'), crlIssued: bool }, ['crlIssued']) } };
const change = (id: string, action: string, summary: string, body: z.ZodType = reasonBody): ApiOperation => ({
  id, method: 'post', path: `/api/seals/:id/${action}`, tag, summary, access, params, body: { json: body }, responses: sealAfter,
  errors: ['ERR_FORBIDDEN', 'ERR_SEAL_OTHER_ORGANISATION', 'ERR_SEAL_TWO_PERSON_RULE', 'ERR_SEAL_TRANSITION'],
});
const useErrors = ['ERR_FORBIDDEN', 'ERR_STEP_UP_REQUIRED', 'ERR_SEAL_NOT_GRANTED', 'ERR_SEAL_OTHER_ORGANISATION', 'ERR_SEAL_NOT_ACTIVE', 'ERR_SEAL_SUSPENDED', 'ERR_SEAL_REVOKED', 'ERR_SEAL_EXPIRED', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_UNSUPPORTED_MEDIA_TYPE'] as const;
const stepUp = 'Needs a live grant and a recent sign-in with a second factor (acr `L1-mfa` or stronger: `L2-mfa`, `L4`; docs/assurance.md). Otherwise 401 with `WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="L1-mfa", max_age=…` (RFC 9470): send the user to `/oidc/auth` with those `acr_values` and `max_age` (any staff member can then add a one-time password) and retry.';

export const sealOperations: ApiOperation[] = [
  {
    id: 'listSeals', method: 'get', path: '/api/seals', tag, access, summary: "The caller's organisation's seals (and, for approvers, every seal awaiting approval; for the security administrator, every seal)",
    responses: { 200: { description: 'Seals', json: obj({ seals: arr(ref('Seal')) }) } }, errors: ['ERR_FORBIDDEN'],
  },
  {
    id: 'applyForSeal', method: 'post', path: '/api/seals', tag, access, summary: 'Apply for a seal (seal keepers)', body: { json: applyBody },
    responses: { 201: { description: 'The pending seal', json: obj({ seal: ref('Seal') }), headers: { Location: 'The new seal.' } } },
    errors: ['ERR_FORBIDDEN', 'ERR_CONFLICT', 'ERR_SEAL_IMAGE_INVALID'],
  },
  {
    id: 'verifySealedPdf', method: 'post', path: '/api/seals/verify', tag, access, summary: 'Verify every seal of a sealed PDF (a licence PDF also against the register)',
    description: 'The verdict `POST /api/verify` gives for the same file, recorded in the audit log under the calling app.', body: { media: pdf },
    responses: {
      200: { description: 'The verdict', json: ref('VerificationOutcome') },
      404: { description: 'No seal or signature to check (NOT_FOUND)', json: ref('VerificationOutcome') },
      503: { description: 'Cannot confirm now (CANNOT_CONFIRM)', json: ref('VerificationOutcome'), headers: { 'Retry-After': 'Seconds.' } },
    },
    errors: ['ERR_FORBIDDEN', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_UNSUPPORTED_MEDIA_TYPE', 'ERR_DOCUMENT_INVALID', 'ERR_DOCUMENT_TOO_COMPLEX', 'ERR_BUSY'],
  },
  {
    id: 'verifyDetachedSignature', method: 'post', path: '/api/seals/verify-signature', tag, access, summary: 'Verify a detached SES_Signature with its data or the SM3 of its data',
    body: { json: verifySignatureBody },
    responses: {
      200: { description: "The verdict: integrity (dataHash), signature and issuer rows for the signature, with the seal's registry status at the signing time", json: ref('VerificationOutcome') },
      503: { description: 'Cannot confirm now (CANNOT_CONFIRM)', json: ref('VerificationOutcome'), headers: { 'Retry-After': 'Seconds.' } },
    },
    errors: ['ERR_FORBIDDEN'],
  },
  {
    id: 'readSeal', method: 'get', path: '/api/seals/:id', tag, access, params, summary: 'One seal with its history, and its grants for its administrator',
    responses: { 200: { description: 'The seal', json: obj({ seal: ref('Seal'), events: arr(ref('SealEvent')), grants: { type: ['array', 'null'], items: ref('Grant') } }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_SEAL_OTHER_ORGANISATION'],
  },
  {
    id: 'readSealImage', method: 'get', path: '/api/seals/:id/image', tag, access, params, summary: "The seal's image",
    responses: { 200: { description: 'PNG, red on transparent', media: 'image/png' } },
    errors: ['ERR_FORBIDDEN', 'ERR_SEAL_OTHER_ORGANISATION'],
  },
  {
    id: 'listSealUses', method: 'get', path: '/api/seals/:id/uses', tag, access, params, summary: "The seal's newest uses, newest first (its administrator and the security administrator)",
    responses: { 200: { description: 'Uses', json: obj({ uses: arr(obj({ id: { type: 'string' }, accountId: { type: 'string' }, at: { type: 'string', format: 'date-time' }, documentSm3: { type: 'string' }, reason: { type: 'string' } })) }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_SEAL_OTHER_ORGANISATION'],
  },
  change('approveSeal', 'approve', 'Approve and make a pending seal (a seal approver other than the applicant)'),
  change('suspendSeal', 'suspend', "Suspend an active seal (the seal's keeper, seal approvers, the security administrator)"),
  change('resumeSeal', 'resume', 'Resume a suspended seal (seal approvers, the security administrator)'),
  change('revokeSeal', 'revoke', "Revoke a seal for good (the seal's keeper, seal approvers, the security administrator)", revokeBody),
  {
    id: 'grantSeal', method: 'post', path: '/api/seals/:id/grants', tag, access, params, summary: 'Grant a member of the organisation the use of the seal',
    body: { json: grantBody }, responses: { 201: { description: 'The grant', json: obj({ grant: ref('Grant') }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_SEAL_OTHER_ORGANISATION', 'ERR_CONFLICT', 'ERR_SEAL_NOT_ACTIVE', 'ERR_SEAL_SUSPENDED', 'ERR_SEAL_REVOKED', 'ERR_SEAL_EXPIRED'],
  },
  {
    id: 'endSealGrant', method: 'delete', path: '/api/seals/:id/grants/:grantId', tag, access, params: z.object({ id: sealIdParam, grantId: grantIdParam }), summary: 'End a grant',
    responses: { 200: { description: 'Whether it was live until now', json: obj({ ended: bool }) } },
    errors: ['ERR_FORBIDDEN'],
  },
  {
    id: 'stampPdf', method: 'post', path: '/api/seals/:id/stamp', tag, access, params, query: stampQuery, summary: 'Stamp a PDF or OFD file with the seal',
    description: `The kind is told from the bytes (a ZIP holding OFD.xml is an OFD file) and the answer is of the same kind. In an OFD file, x and y are millimetres from the page's top-left corner, y downwards; the seal is a GB/T 38540 SES_Signature over Signature.xml, which protects every file but the signature list, so later seals leave it valid (\`container\` must be \`ses\`). ${stepUp}`,
    body: { media: { 'application/pdf': 'The PDF to stamp.', 'application/ofd': 'The OFD file to stamp.' } },
    responses: { 200: { description: 'The stamped PDF or OFD file', media: 'application/pdf', headers: { 'X-Seal-Use-Id': 'The recorded use of the seal.', 'X-Document-SM3': 'SM3 of the stamped document, as audited.' } } },
    errors: [...useErrors, 'ERR_DOCUMENT_INVALID', 'ERR_OFD_INVALID', 'ERR_DOCUMENT_TOO_COMPLEX', 'ERR_PLACEMENT_INVALID', 'ERR_KEYWORD_NOT_FOUND', 'ERR_CROSS_PAGE_TOO_FEW_PAGES'],
  },
  {
    id: 'signDetached', method: 'post', path: '/api/seals/:id/sign', tag, access, params, summary: 'Sign given bytes, or a given SM3 hash, with the seal (detached GB/T 38540 SES_Signature)',
    description: `Send the bytes as \`application/octet-stream\` with \`reason\` (and optionally \`propertyInfo\`) in the query, or their SM3 as \`application/json\`. The same grant and step-up rules as stamping apply; the use is audited with the hash. ${stepUp}`,
    query: signQuery.partial(),
    body: { json: signHashBody, media: { 'application/octet-stream': 'The bytes to sign; `reason` (required) and `propertyInfo` in the query.' } },
    responses: { 200: { description: 'The SES_Signature', json: obj({ signature: { type: 'string', contentEncoding: 'base64', description: 'SES_Signature DER' }, dataHash: { type: 'string', description: 'SM3 hex, as signed' }, useId: { type: 'string' }, signingTime: { type: 'string', format: 'date-time' } }) } },
    errors: [...useErrors],
  },
];


/** Shapes the seal API's answers share. */
export const sealSchemas: Record<string, JsonSchema> = {
  Seal: {
    type: 'object', required: ['id', 'kind', 'name', 'owner', 'status'],
    properties: {
      id: { type: 'string' }, code: nullable('string', '13-digit seal code, assigned on approval.'),
      kind: { type: 'string', enum: [...SEAL_KINDS] }, name: { type: 'string' },
      owner: { type: 'object', properties: { kind: { type: 'string', enum: ['department', 'legal_person'] }, id: { type: 'string' }, name: { type: 'string' } } },
      personName: nullable('string'), status: { type: 'string', enum: [...SEAL_STATUSES] }, validityYears: { type: 'integer' },
      validStart: { type: ['string', 'null'], format: 'date-time' }, validEnd: { type: ['string', 'null'], format: 'date-time' },
      applicantId: { type: 'string' }, approverId: nullable('string'),
      certificate: { type: ['object', 'null'], properties: { serialNumber: { type: 'string' }, pem: { type: 'string' } } },
      image: { type: ['object', 'null'], properties: { url: { type: 'string' }, source: { type: 'string' }, widthMm: { type: 'number' }, heightMm: { type: 'number' } } },
      granted: { type: 'boolean', description: 'Whether the caller holds a live grant to use the seal.' },
      createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  SealEvent: {
    type: 'object',
    properties: { at: { type: 'string', format: 'date-time' }, from: nullable('string'), to: { type: 'string' }, actorId: nullable('string'), reason: { type: 'string' }, revocationReason: { type: ['string', 'null'], enum: [...REVOCATION_REASONS, null] } },
  },
  Grant: {
    type: 'object',
    properties: { id: { type: 'string' }, sealId: { type: 'string' }, accountId: { type: 'string' }, grantedBy: { type: 'string' }, grantedAt: { type: 'string', format: 'date-time' }, expiresAt: nullable('string'), endedAt: nullable('string'), active: bool },
  },
};
