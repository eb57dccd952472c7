// `/api/licence-use`: registered government systems use holders' licences for service items
// (用证, 免提交), and `/api/holder/licence-uses`: holders see every use and withdraw consents.
// A system calls with its own client-credentials token or a token from the holder's sign-in
// through it, carrying the `licence_use` scope, and is limited per minute. The interfaces follow
// the shape of GB/T 36906 (docs/licence-use.md maps them): the catalogue of items the system may
// use (证照目录查询), licence information by holder and type (证照信息查询) with the sealed PDF
// and/or OFD files on request (证照文件下载); verification (证照核验) is `/api/verify`.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.ts';
import { ITEM_CODE } from '../../domain/licence-use.ts';
import { readApiToken } from '../../oidc/api-tokens.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { authorizeLicenceHolder, LICENCE_HOLDER_SCOPE } from '../../services/licences/authorize-licence-holder.ts';
import type { LicenceHolderActor } from '../../services/licences/authorize-licence-holder.ts';
import type { LicenceUseDeps } from '../../services/licence-use/licence-use-deps.ts';
import { listLicenceUses, withdrawLicenceUseConsent } from '../../services/licence-use/holder-licence-uses.ts';
import { retrieveLicences } from '../../services/licence-use/retrieve-licences.ts';
import { fileFormats, filesField } from './licence-use-files.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { parse, pathId } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { licenceTokenReader } from './licences-support.ts';
import type { LicenceRoutesDeps } from './licences-support.ts';
import { arr, loose, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';
import type { CounterDeps } from '../../services/licence-use/counter-requests.ts';
import { addCounterRoutes, counterOperations } from './licence-use-counter.ts';

export const LICENCE_USE_SCOPE = 'licence_use';
const CONSENT_ID = /^luc_[A-Za-z0-9_-]{22}$/;
/** Retrievals a system may make per minute, unless configured otherwise. */
const PER_MINUTE = 600;

const name = z.string().min(1).max(40);
export const retrievalBody = z.strictObject({
  serviceItem: z.string().regex(ITEM_CODE).describe('The service item code (事项编码).'),
  holder: z.strictObject({
    idType: z.string().max(8).describe('111: resident ID number; 001: unified social credit code.'),
    idNumber: z.string().max(40),
  }),
  consentId: z.string().max(64).optional().describe("The holder's consent (from the token response's authorization_details)."),
  caseNumber: z.string().trim().min(1).max(100).optional().describe('Without consent: the case number under the legal basis the app was granted for the item.'),
  types: z.array(name).min(1).max(20).optional().describe("Licence type codes: a subset of the item's list (default: all of it)."),
  fields: z.array(name).min(1).max(100).optional().describe("Field names: a subset of the item's list (default: all of it)."),
  files: filesField,
}).refine((b) => (b.consentId === undefined) !== (b.caseNumber === undefined), { message: 'give either consentId or caseNumber', path: ['consentId'] });

export interface LicenceUseRoutesDeps extends LicenceRoutesDeps {
  licenceUse: LicenceUseDeps;
  /** Rate-limit counters, and the counter flow's requests. */
  kv: CounterDeps['kv'];
  /** Retrievals a system may make per minute (default 600). */
  perMinute?: number;
}

export function licenceUseRoutes(deps: LicenceUseRoutesDeps): Router {
  const r = Router();
  const system = requireCaller(LICENCE_USE_SCOPE, async (token) => readApiToken(await deps.oidcProvider(), `${deps.config.publicUrl}/api`, token, { systems: true }));
  const window = (handler: (req: Request, res: Response, caller: ApiCaller) => Promise<void>): RequestHandler[] => [system, async (req, res, next) => {
    try {
      const caller = callerOf<ApiCaller>(res) as ApiCaller;
      if (!caller.scopes.includes(LICENCE_USE_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the licence_use scope');
      const count = await deps.kv.increment(`rl:licence-use:${caller.clientId}:${Math.floor(Date.now() / 60_000)}`, 60).catch((e: unknown) => {
        if (isAppError(e, 'ERR_STORE_UNAVAILABLE')) return 0;
        throw e;
      });
      if (count > (deps.perMinute ?? PER_MINUTE)) {
        res.set('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
        throw new AppError('ERR_RATE_LIMITED', 'licence use rate limit reached');
      }
      await handler(req, res, caller);
    } catch (e) {
      next(e);
    }
  }];

  r.get('/api/licence-use/items', window(async (_req, res, caller) => {
    const permissions = await deps.licenceUse.items.permissionsOf(caller.clientId);
    const items = await Promise.all(permissions.map(async (p) => ({ item: await deps.licenceUse.items.findItem(p.itemCode), withoutConsent: p.legalBasis !== null })));
    res.json({ items: items.filter((i) => i.item !== null).map(({ item, withoutConsent }) => ({ ...item, updatedBy: undefined, withoutConsent })) });
  }));
  r.post('/api/licence-use/retrievals', window(async (req, res, caller) => {
    const body = parse(retrievalBody, req.body);
    const out = await retrieveLicences(deps.licenceUse, {
      clientId: caller.clientId, accountId: caller.accountId, itemCode: body.serviceItem, holder: body.holder,
      ground: body.consentId !== undefined ? { consentId: body.consentId } : { caseNumber: body.caseNumber as string },
      ...(body.types ? { types: body.types } : {}), ...(body.fields ? { fields: body.fields } : {}), files: fileFormats(body.files),
    }, requestContext(req));
    res.json(out);
  }));

  addCounterRoutes(r, { counter: { ...deps.licenceUse, kv: deps.kv }, provider: deps.oidcProvider, publicUrl: deps.config.publicUrl }, window);

  const holderCaller = requireCaller(LICENCE_HOLDER_SCOPE, licenceTokenReader(deps));
  const holder = (handler: (req: Request, res: Response, h: LicenceHolderActor) => Promise<void>): RequestHandler[] => [holderCaller, async (req, res, next) => {
    try {
      await handler(req, res, await authorizeLicenceHolder({ ...deps.identity, acting: deps.acting }, callerOf<ApiCaller>(res)));
    } catch (e) {
      next(e);
    }
  }];
  r.get('/api/holder/licence-uses', holder(async (_req, res, h) => {
    res.json(await listLicenceUses(deps.licenceUse, h));
  }));
  r.post('/api/holder/licence-use-consents/:id/withdraw', holder(async (req, res, h) => {
    const consent = await withdrawLicenceUseConsent(deps.licenceUse, h.accountId, pathId(CONSENT_ID, req.params.id, 'consent'), requestContext(req));
    res.json({ consent });
  }));
  return r;
}

const tag = 'Licence use (用证)';
const useAccess = { scope: LICENCE_USE_SCOPE };
const receipt = loose('The signed use receipt: payload (RFC 8785 JSON), signature (SM2-SM3, base64 DER), keyId, certificateChain (base64 DER, ending with the platform root).');
const usedLicence = loose('identifier, typeCode, typeName, version, issuer {code, name}, status {code, name, valid} as of now, validFrom, validUntil, fields (only those the item may read), dataSm3; with files "pdf": file {mediaType application/pdf, sm3, base64}; with "ofd": ofdFile {mediaType application/ofd, sm3, base64} (null for a licence issued before OFD files were made).');

export const licenceUseOperations: ApiOperation[] = [
  {
    id: 'listUsableServiceItems', method: 'get', path: '/api/licence-use/items', tag, access: useAccess,
    summary: 'Licence catalogue query (证照目录查询): the service items this system may use licences for, with their licence lists',
    responses: { 200: { description: 'Items with their licence types and fields', json: obj({ items: arr(loose('code, name, department, licences [{typeCode, fields}], legalBasis, updatedAt, withoutConsent.')) }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED'],
  },
  {
    id: 'retrieveLicences', method: 'post', path: '/api/licence-use/retrievals', tag, access: useAccess,
    summary: "Licence information query by holder and type (证照信息查询), with the sealed files on request (证照文件下载)",
    description: "Under the holder's consent (consentId, from the authorization_details of the token response after the holder signed in through the system with authorization_details [{type: licence_use, identifier: ITEM, standing_days?}]) or, for a system granted a legal basis for the item, with a case number. Only the item's licence types and fields are given; asking for others is refused (ERR_LICENCE_USE_NOT_LISTED), not trimmed.",
    body: { json: retrievalBody },
    responses: { 200: { description: 'The licences and the signed use receipt', json: obj({ useId: str(), item: loose('code, name.'), ground: loose('{consentId} or {legalBasis, caseNumber}.'), statusAsOf: str(), licences: arr(usedLicence), receipt }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED', 'ERR_LICENCE_USE_UNKNOWN_ITEM', 'ERR_LICENCE_USE_NOT_GRANTED', 'ERR_LICENCE_USE_NOT_LISTED', 'ERR_LICENCE_USE_NO_CONSENT',
      'ERR_LICENCE_USE_CONSENT_ENDED', 'ERR_LICENCE_USE_OTHER_HOLDER', 'ERR_LICENCE_USE_NO_LEGAL_BASIS', 'ERR_LICENCE_USE_HOLDER_MALFORMED'],
  },
  {
    id: 'listLicenceUses', method: 'get', path: '/api/holder/licence-uses', tag, access: { scope: LICENCE_HOLDER_SCOPE },
    summary: "Every use of the caller's licences (which system, item, fields, when, consent or legal basis) and the caller's consents",
    responses: { 200: { description: 'Uses and consents', json: obj({ uses: arr(loose('id, clientId, appName, itemCode, itemName, licenceIdentifiers, fields, consentId, legalBasis, caseNumber, withFiles, at.')), consents: arr(loose('id, clientId, appName, itemCode, itemName, mode, grantedAt, expiresAt, usedAt, withdrawnAt, state.')) }) } },
    errors: ['ERR_FORBIDDEN'],
  },
  {
    id: 'withdrawLicenceUseConsent', method: 'post', path: '/api/holder/licence-use-consents/:id/withdraw', tag, access: { scope: LICENCE_HOLDER_SCOPE },
    params: z.object({ id: z.string().regex(CONSENT_ID).describe('Consent id.') }), summary: 'Withdraw a consent: the next retrieval under it is refused',
    responses: { 200: { description: 'The consent', json: obj({ consent: loose('The consent with withdrawnAt.') }) } }, errors: ['ERR_FORBIDDEN'],
  },
  ...counterOperations,
];
