// `/api/licences`: issuing departments issue licences and manage their lifecycle.
// Every request carries a yinxin access token for the API with the `licences` scope, from a
// staff member with the licence issuer role; their department (or the nearest one above it with
// a credit code) is the issuer (authorize-licence-issuer.ts). Issuance and change/renewal need an
// `Idempotency-Key` header: a retry with the same key and body returns the same licence (200),
// the same key with another body is refused. Bodies are checked by zod before any use case runs.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { LicenceAction } from '../../domain/licence.ts';
import { authorizeLicenceIssuer, LICENCE_STAFF_SCOPE } from '../../services/licences/authorize-licence-issuer.ts';
import type { LicenceIssuerActor } from '../../services/licences/authorize-licence-issuer.ts';
import { changeLicence } from '../../services/licences/change-licence.ts';
import { changeLicenceStatus } from '../../services/licences/change-licence-status.ts';
import { issueLicence } from '../../services/licences/issue-licence.ts';
import type { IssuedLicence } from '../../services/licences/issue-licence.ts';
import { licenceView } from '../../services/licences/licence-view.ts';
import { readIssuedLicence, issuersLicence } from '../../services/licences/read-issued-licence.ts';
import { readLicencePdf } from '../../services/licences/read-licence-pdf.ts';
import { readLicenceOfd } from '../../services/licences/read-licence-ofd.ts';
import { requestContext } from '../request-context.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { LICENCE_ID, licenceTokenReader, sendOfd, sendPdf } from './licences-support.ts';
import type { LicenceRoutesDeps } from './licences-support.ts';
import { parse, pathId } from '../parse.ts';
import { loose, obj, ref, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

const data = z.record(z.string().max(40), z.unknown()).refine((d) => Object.keys(d).length <= 60, 'at most 60 fields');
const isoDay = z.iso.date();
const issueBody = z.strictObject({ typeCode: z.string().regex(/^[0-9A-Z]{21}$/, 'a 21-character licence type code'), data, validFrom: isoDay.optional() });
const changeBody = z.strictObject({ data: data.optional(), validFrom: isoDay.optional(), reason: z.string().max(200).optional().describe('Why the licence is changed or renewed (kept in its history and the audit log).') });
const statusBody = z.strictObject({
  reason: z.string().trim().min(1).max(200).describe('Why the status changes (required, 1–200 characters): kept in the licence\'s history, shown to its holder and recorded in the audit log.'),
  effectiveAt: z.iso.datetime({ offset: true }).optional().describe('When the change takes effect in law (default: now); never ahead of now, never before the last recorded change.'),
});
const idempotencyKey = z.string({ error: 'an Idempotency-Key header is required' }).regex(/^[\x21-\x7e]{8,128}$/, '8–128 printable ASCII characters');
/** The bodies the licence pages check as the API does. */
export const licenceBodies = { issue: issueBody, change: changeBody, status: statusBody };
const ACTIONS = ['suspend', 'resume', 'withdraw', 'cancel', 'revoke', 'transfer'] as const satisfies readonly LicenceAction[];

type Handler = (req: Request, res: Response, actor: LicenceIssuerActor) => Promise<void>;

export function licenceRoutes(deps: LicenceRoutesDeps): Router {
  const r = Router();
  const caller = requireCaller(LICENCE_STAFF_SCOPE, licenceTokenReader(deps));
  const staff = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const actor = await authorizeLicenceIssuer({ accounts: deps.identity.accounts, audit: deps.audit }, callerOf<ApiCaller>(res), requestContext(req));
      await handler(req, res, actor);
    } catch (e) {
      next(e);
    }
  }];
  const key = (req: Request) => {
    try {
      return parse(idempotencyKey, req.get('idempotency-key'));
    } catch (e) {
      throw new AppError('ERR_VALIDATION', 'bad idempotency key', { cause: e, details: { issues: [{ path: ['Idempotency-Key'], code: 'bad_key', message: 'an Idempotency-Key header of 8–128 printable ASCII characters is required' }] } });
    }
  };
  const issued = async (res: Response, out: IssuedLicence) => {
    res.status(out.replayed ? 200 : 201).location(`/api/licences/${out.licence.id}`);
    res.json({ licence: await licenceView(deps.licences, out.licence), replayed: out.replayed });
  };
  const id = (req: Request) => pathId(LICENCE_ID, req.params.id, 'licence');

  r.post('/api/licences', staff(async (req, res, actor) => {
    const k = key(req);
    const body = parse(issueBody, req.body);
    await issued(res, await issueLicence(deps.licences, { ...body, issuer: actor.issuer, idempotencyKey: k }, actor));
  }));
  r.get('/api/licences/:id', staff(async (req, res, actor) => {
    res.json(await readIssuedLicence(deps.licences, actor.issuer.code, id(req)));
  }));
  r.get('/api/licences/:id/pdf', staff(async (req, res, actor) => {
    sendPdf(res, await readLicencePdf(deps.licences, await issuersLicence(deps.licences, actor.issuer.code, id(req))));
  }));
  r.get('/api/licences/:id/ofd', staff(async (req, res, actor) => {
    sendOfd(res, await readLicenceOfd(deps.licences, await issuersLicence(deps.licences, actor.issuer.code, id(req))));
  }));
  for (const kind of ['change', 'renew'] as const) {
    r.post(`/api/licences/:id/${kind}`, staff(async (req, res, actor) => {
      const licence = await issuersLicence(deps.licences, actor.issuer.code, id(req));
      const k = key(req);
      const body = parse(changeBody, req.body ?? {});
      if (kind === 'change' && body.data === undefined) throw new AppError('ERR_VALIDATION', 'data required', { details: { issues: [{ path: ['data'], code: 'required', message: 'a change needs the new data' }] } });
      await issued(res, await changeLicence(deps.licences, { licenceId: licence.id, kind, idempotencyKey: k, ...body }, actor));
    }));
  }
  for (const action of ACTIONS) {
    r.post(`/api/licences/:id/${action}`, staff(async (req, res, actor) => {
      const licence = await issuersLicence(deps.licences, actor.issuer.code, id(req));
      const body = parse(statusBody, req.body ?? {});
      const out = await changeLicenceStatus(deps.licences, {
        licenceId: licence.id, action, reason: body.reason, ...(body.effectiveAt === undefined ? {} : { effectiveAt: new Date(body.effectiveAt) }),
      }, actor);
      res.json({ licence: await licenceView(deps.licences, out.licence), from: out.from, to: out.to });
    }));
  }
  return r;
}

const tag = 'Licences';
const access = { scope: LICENCE_STAFF_SCOPE };
const params = z.object({ id: z.string().regex(LICENCE_ID).describe('Licence id.') });
const keyHeader = z.object({ 'Idempotency-Key': idempotencyKey.describe('Chosen by the caller per issuance: a retry with the same key and body returns the same licence (200).') });
const issuerErrors = ['ERR_FORBIDDEN', 'ERR_LICENCE_OTHER_ISSUER'] as const;
const issuedAnswer = (what: string) => ({ description: what, json: obj({ licence: ref('Licence'), replayed: { type: 'boolean', description: 'True when this answers a retry with the same Idempotency-Key.' } }), headers: { Location: 'The licence.' } });
const ACTION_TEXT: Record<(typeof ACTIONS)[number], string> = {
  suspend: 'Suspend a licence', resume: 'Resume a suspended licence', withdraw: 'Withdraw a licence (撤回)', cancel: 'Cancel a licence (注销)',
  revoke: 'Revoke a licence (吊销)', transfer: 'Mark a licence as transferred to another holder',
};

export const licenceOperations: ApiOperation[] = [
  {
    id: 'issueLicence', method: 'post', path: '/api/licences', tag, access, headers: keyHeader, summary: 'Issue a licence from a licence type\'s template', body: { json: issueBody },
    responses: { 201: issuedAnswer('The issued licence'), 200: issuedAnswer('The licence issued earlier under this Idempotency-Key') },
    errors: [...issuerErrors, 'ERR_LICENCE_KEY_REUSED', 'ERR_NOT_FOUND'],
  },
  {
    id: 'readIssuedLicence', method: 'get', path: '/api/licences/:id', tag, access, params, summary: 'One licence of the caller\'s department, with its history and content',
    responses: { 200: { description: 'The licence', json: loose('The licence view, its events, its successor (if changed or renewed) and its content (the template fields).') } },
    errors: [...issuerErrors],
  },
  { id: 'readIssuedLicencePdf', method: 'get', path: '/api/licences/:id/pdf', tag, access, params, summary: 'The sealed licence PDF', responses: { 200: { description: 'The PDF', media: 'application/pdf' } }, errors: [...issuerErrors] },
  { id: 'readIssuedLicenceOfd', method: 'get', path: '/api/licences/:id/ofd', tag, access, params, summary: 'The sealed licence OFD (GB/T 33190, sealed per GB/T 38540)', responses: { 200: { description: 'The OFD package', media: 'application/ofd' } }, errors: [...issuerErrors, 'ERR_NOT_FOUND'] },
  ...(['change', 'renew'] as const).map((kind): ApiOperation => ({
    id: kind === 'change' ? 'changeLicence' : 'renewLicence', method: 'post', path: `/api/licences/:id/${kind}`, tag, access, params, headers: keyHeader,
    summary: kind === 'change' ? 'Issue a new version with changed data (data required)' : 'Renew: a new version for a new period',
    body: { json: changeBody, required: false },
    responses: { 201: issuedAnswer('The new version'), 200: issuedAnswer('The version issued earlier under this Idempotency-Key') },
    errors: [...issuerErrors, 'ERR_LICENCE_KEY_REUSED', 'ERR_LICENCE_TRANSITION'],
  })),
  ...ACTIONS.map((action): ApiOperation => ({
    id: `${action}Licence`, method: 'post', path: `/api/licences/:id/${action}`, tag, access, params, summary: ACTION_TEXT[action],
    body: { json: statusBody },
    responses: { 200: { description: 'The licence and the step it took', json: obj({ licence: ref('Licence'), from: str(), to: str() }) } },
    errors: [...issuerErrors, 'ERR_LICENCE_TRANSITION'],
  })),
];

export const licenceSchemas = {
  Licence: loose('A licence: id, identifier, typeCode, typeName, issuer {code, name}, holderKind, holderNameMasked, version, previousId, status, statusCode, statusName, validNow, issuedAt, validFrom, validUntil, verificationUrl.'),
};
