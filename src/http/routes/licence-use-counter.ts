// The counter flow (窗口扫码用证, docs/licence-use.md): a window system opens a one-time request
// for a service item and shows its code as a QR code; the holder scans it with the city app and
// confirms; the window retrieves the licences under the consent given.
//   window (its own token, licence_use):  POST /api/licence-use/requests, GET …/requests/:id,
//                                          POST …/requests/:id/retrieval
//   city app (the person's token, qr_login): POST /api/licence-use/scan, …/confirm, …/decline
import type { Request, RequestHandler, Response, Router } from 'express';
import type Provider from 'oidc-provider';
import QRCode from 'qrcode';
import { z } from 'zod';
import { fileFormats, filesField } from './licence-use-files.ts';
import { AppError } from '../../domain/errors.ts';
import { ITEM_CODE, MAX_STANDING_DAYS } from '../../domain/licence-use.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { counterLink } from '../../services/licence-use/counter-requests.ts';
import type { CounterDeps } from '../../services/licence-use/counter-requests.ts';
import { decideCounterRequest, scanCounterRequest } from '../../services/licence-use/counter-phone.ts';
import type { CounterPhone } from '../../services/licence-use/counter-phone.ts';
import { counterRequestStatus, openCounterRequest, retrieveForRequest } from '../../services/licence-use/counter-window.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { parse } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { arr, loose, nullable, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';
import { QR_LOGIN_SCOPE } from './qr-login-api.ts';
import { readSealCaller } from './seals-caller.ts';
import type { SealCaller } from './seals-caller.ts';

type WindowHandler = (handler: (req: Request, res: Response, caller: ApiCaller) => Promise<void>) => RequestHandler[];

const name = z.string().min(1).max(40);
export const openBody = z.strictObject({
  serviceItem: z.string().regex(ITEM_CODE).describe('The service item code (事项编码).'),
  standingDays: z.number().int().min(1).max(MAX_STANDING_DAYS).optional().describe('Ask for a standing consent of this many days; without it the consent serves one retrieval.'),
});
export const requestRetrievalBody = z.strictObject({
  types: z.array(name).min(1).max(20).optional().describe("Licence type codes: a subset of the item's list (default: all of it)."),
  fields: z.array(name).min(1).max(100).optional().describe("Field names: a subset of the item's list (default: all of it)."),
  files: filesField,
});
const code = z.string().trim().min(1).max(300).describe('The request code, or the whole link the QR code holds.');
const scanBody = z.strictObject({ code });
const declineBody = z.strictObject({ code });
const confirmBody = z.strictObject({
  code, holder: z.string().trim().min(1).max(40).optional().describe('Whose licences: "self" (default) or the credit code of an enterprise the person may act for, from the scan answer.'),
});

export interface CounterRoutesDeps {
  counter: CounterDeps;
  provider: () => Promise<Provider>;
  publicUrl: string;
}

export function addCounterRoutes(r: Router, deps: CounterRoutesDeps, window: WindowHandler): void {
  r.post('/api/licence-use/requests', window(async (req, res, caller) => {
    const body = parse(openBody, req.body);
    const opened = await openCounterRequest(deps.counter, { clientId: caller.clientId, itemCode: body.serviceItem, standingDays: body.standingDays ?? null }, requestContext(req));
    const link = counterLink(deps.publicUrl, opened.code);
    const qr = await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    res.status(201).set('Cache-Control', 'no-store').json({ ...opened, link, qr });
  }));
  r.get('/api/licence-use/requests/:id', window(async (req, res, caller) => {
    res.set('Cache-Control', 'no-store').json(await counterRequestStatus(deps.counter, caller.clientId, String(req.params.id), requestContext(req)));
  }));
  r.post('/api/licence-use/requests/:id/retrieval', window(async (req, res, caller) => {
    const body = parse(requestRetrievalBody, req.body);
    res.set('Cache-Control', 'no-store').json(await retrieveForRequest(deps.counter, {
      clientId: caller.clientId, requestId: String(req.params.id), files: fileFormats(body.files),
      ...(body.types ? { types: body.types } : {}), ...(body.fields ? { fields: body.fields } : {}),
    }, requestContext(req)));
  }));

  const apiResource = `${deps.publicUrl.replace(/\/+$/, '')}/api`;
  const phoneCaller = requireCaller(QR_LOGIN_SCOPE, async (token) => readSealCaller(await deps.provider(), apiResource, token));
  const phoneOf = (res: Response): CounterPhone => {
    const c = callerOf<SealCaller>(res);
    if (!c || !c.scopes.includes(QR_LOGIN_SCOPE)) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token with the qr_login scope is required');
    return { accountId: c.accountId, clientId: c.clientId, session: c.session ? { acr: c.session.acr } : null };
  };
  r.post('/api/licence-use/scan', phoneCaller, async (req, res) => {
    const phone = phoneOf(res);
    const body = parse(scanBody, req.body);
    res.set('Cache-Control', 'no-store').json(await scanCounterRequest(deps.counter, body.code, phone, requestContext(req)));
  });
  r.post('/api/licence-use/confirm', phoneCaller, async (req, res) => {
    const phone = phoneOf(res);
    const body = parse(confirmBody, req.body);
    res.set('Cache-Control', 'no-store').json(await decideCounterRequest(deps.counter, { text: body.code, decision: 'confirm', ...(body.holder ? { holder: body.holder } : {}) }, phone, requestContext(req)));
  });
  r.post('/api/licence-use/decline', phoneCaller, async (req, res) => {
    const phone = phoneOf(res);
    const body = parse(declineBody, req.body);
    res.set('Cache-Control', 'no-store').json(await decideCounterRequest(deps.counter, { text: body.code, decision: 'decline' }, phone, requestContext(req)));
  });
}

const tag = 'Licence use (用证)';
const useAccess = { scope: 'licence_use' };
const phoneAccess = { scope: QR_LOGIN_SCOPE };
const idParam = z.object({ id: z.string().describe('The request id (lur_…).') });
const windowErrors = ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED', 'ERR_LICENCE_USE_REQUEST_UNKNOWN', 'ERR_LICENCE_USE_REQUEST_OTHER_WINDOW'] as const;
const phoneErrors = ['ERR_LICENCE_USE_REQUEST_LEVEL', 'ERR_LICENCE_USE_REQUEST_MALFORMED', 'ERR_LICENCE_USE_REQUEST_UNKNOWN', 'ERR_LICENCE_USE_REQUEST_EXPIRED',
  'ERR_LICENCE_USE_REQUEST_USED', 'ERR_RATE_LIMITED'] as const;
const phoneNote = "Called by the city app with the person's token (qr_login scope); the phone's sign-in session must be at L2 or higher.";
const statusEnum = { type: 'string', enum: ['pending', 'scanned', 'approved', 'denied', 'retrieved', 'expired'] };

export const counterOperations: ApiOperation[] = [
  {
    id: 'openLicenceUseRequest', method: 'post', path: '/api/licence-use/requests', tag, access: useAccess, body: { json: openBody },
    summary: 'Counter flow: open a one-time request for a service item, to show as a QR code the holder scans with the city app',
    description: 'The code is valid for 5 minutes and serves one scan. `qr` is the link drawn as a PNG (data: URL) for the window to show as it is.',
    responses: { 201: { description: 'The request', json: obj({ requestId: str(), code: str('lu_ and 43 base64url characters.'), link: str('PUBLIC_URL/app/scan#use=CODE'), qr: str('data:image/png;base64,…'), expiresAt: str() }) } },
    errors: ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED', 'ERR_LICENCE_USE_UNKNOWN_ITEM', 'ERR_LICENCE_USE_NOT_GRANTED'],
  },
  {
    id: 'getLicenceUseRequest', method: 'get', path: '/api/licence-use/requests/:id', tag, access: useAccess, params: idParam,
    summary: 'Counter flow: what became of a request (poll every 1–2 s)',
    description: 'An approval not retrieved within 10 minutes expires. `consentId` (once approved) names the consent the holder gave.',
    responses: { 200: { description: 'The status', json: obj({ requestId: str(), serviceItem: str(), status: statusEnum, mode: { type: 'string', enum: ['once', 'standing'] }, expiresAt: str(), consentId: str(), holderKind: str('citizen or legal_person.'), useId: str() }, ['consentId', 'holderKind', 'useId']) } },
    errors: [...windowErrors],
  },
  {
    id: 'retrieveForLicenceUseRequest', method: 'post', path: '/api/licence-use/requests/:id/retrieval', tag, access: useAccess, params: idParam, body: { json: requestRetrievalBody },
    summary: "Counter flow: retrieve, once, the approved request's licences for the holder who confirmed",
    description: 'Answers as POST /api/licence-use/retrievals does, and is refused as it is; the holder is the one chosen on the phone.',
    responses: { 200: { description: 'The licences and the signed use receipt', json: obj({ useId: str(), item: loose('code, name.'), ground: loose('{consentId}.'), statusAsOf: str(), licences: arr(loose('As for retrievals.')), receipt: loose('As for retrievals.') }) } },
    errors: [...windowErrors, 'ERR_LICENCE_USE_REQUEST_EXPIRED', 'ERR_LICENCE_USE_REQUEST_USED', 'ERR_LICENCE_USE_REQUEST_NOT_APPROVED', 'ERR_LICENCE_USE_NOT_LISTED',
      'ERR_LICENCE_USE_CONSENT_ENDED', 'ERR_LICENCE_USE_OTHER_HOLDER', 'ERR_LICENCE_USE_NOT_GRANTED'],
  },
  {
    id: 'scanLicenceUseRequest', method: 'post', path: '/api/licence-use/scan', tag, access: phoneAccess, body: { json: scanBody },
    summary: 'City app: report a scanned request code; what the window asks for, to confirm or decline', description: phoneNote,
    responses: { 200: { description: 'The request as the holder is to see it', json: obj({
      app: obj({ clientId: str(), name: str() }), item: obj({ code: str(), name: str(), department: str(), legalBasis: str() }),
      licences: arr(obj({ typeCode: str(), typeName: str(), fields: arr(str('A field label.')) })), mode: str('once or standing.'), standingDays: nullable('integer'), expiresAt: str(),
      holders: arr(obj({ id: str('"self" or a credit code.'), kind: str(), name: str(), role: str('self, legal_representative or agent.') })),
    }) } },
    errors: [...phoneErrors, 'ERR_LICENCE_USE_NOT_GRANTED'],
  },
  ...(['confirm', 'decline'] as const).map((decision): ApiOperation => ({
    id: `${decision}LicenceUseRequest`, method: 'post', path: `/api/licence-use/${decision}`, tag, access: phoneAccess, description: phoneNote,
    body: { json: decision === 'confirm' ? confirmBody : declineBody },
    summary: decision === 'confirm' ? 'City app: consent to the scanned request; the window may then retrieve' : 'City app: refuse the scanned request',
    responses: { 200: { description: 'The new status', json: obj({ status: { type: 'string', enum: [decision === 'confirm' ? 'approved' : 'denied'] } }) } },
    errors: [...phoneErrors, 'ERR_LICENCE_USE_REQUEST_NOT_SCANNED', ...(decision === 'confirm' ? ['ERR_LICENCE_USE_OTHER_HOLDER' as const, 'ERR_LICENCE_USE_NOT_GRANTED' as const] : [])],
  })),
];
