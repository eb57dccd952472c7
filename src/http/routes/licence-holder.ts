// `/api/holder`: holders (citizens and legal persons) signed in with yinxin list their licences,
// download them, and show them (亮证) by shares with a code and a link, which they can revoke and
// whose access log they see. Every request carries a yinxin access token for the API with the
// `holder` scope, issued to the holder (authorize-licence-holder.ts). A licence or share that is
// not the caller's is "not found".
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { SHARE_LIFETIME } from '../../domain/licence-share.ts';
import { authorizeLicenceHolder, LICENCE_HOLDER_SCOPE } from '../../services/licences/authorize-licence-holder.ts';
import type { LicenceHolderActor } from '../../services/licences/authorize-licence-holder.ts';
import { createLicenceShare } from '../../services/licences/create-licence-share.ts';
import { listHolderLicences } from '../../services/licences/list-holder-licences.ts';
import { listLicenceChecks } from '../../services/licences/list-licence-checks.ts';
import { listLicenceShares, shareSummary } from '../../services/licences/list-licence-shares.ts';
import { holdersLicence, readHolderLicence } from '../../services/licences/read-holder-licence.ts';
import { readLicencePdf } from '../../services/licences/read-licence-pdf.ts';
import { readLicenceOfd } from '../../services/licences/read-licence-ofd.ts';
import { readLicenceFace } from '../../services/licences/read-licence-face.ts';
import { refreshShareQr } from '../../services/licences/refresh-share-qr.ts';
import { revokeLicenceShare } from '../../services/licences/revoke-licence-share.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { LICENCE_ID, licenceTokenReader, SHARE_ID, sendOfd, sendPdf } from './licences-support.ts';
import type { LicenceRoutesDeps } from './licences-support.ts';
import { parse, pathId } from '../parse.ts';
import { arr, loose, obj, ref } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

const shareBody = z.strictObject({
  fields: z.array(z.string().min(1).max(40)).max(60),
  purpose: z.string().trim().min(1).max(100),
  lifetimeSeconds: z.int().min(SHARE_LIFETIME.minSeconds).max(SHARE_LIFETIME.maxSeconds).optional(),
  singleUse: z.boolean().optional(),
});

type Handler = (req: Request, res: Response, holder: LicenceHolderActor) => Promise<void>;

export function licenceHolderRoutes(deps: LicenceRoutesDeps): Router {
  const r = Router();
  const caller = requireCaller(LICENCE_HOLDER_SCOPE, licenceTokenReader(deps));
  const holder = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, await authorizeLicenceHolder({ ...deps.identity, acting: deps.acting }, callerOf<ApiCaller>(res)));
    } catch (e) {
      next(e);
    }
  }];
  const licenceId = (req: Request) => pathId(LICENCE_ID, req.params.id, 'licence');

  r.get('/api/holder/licences', holder(async (_req, res, h) => {
    res.json({ licences: await listHolderLicences(deps.licences, h) });
  }));
  r.get('/api/holder/licences/:id', holder(async (req, res, h) => {
    res.json(await readHolderLicence(deps.licences, h, licenceId(req)));
  }));
  r.get('/api/holder/licences/:id/pdf', holder(async (req, res, h) => {
    sendPdf(res, await readLicencePdf(deps.licences, await holdersLicence(deps.licences, h, licenceId(req))));
  }));
  r.get('/api/holder/licences/:id/face', holder(async (req, res, h) => {
    const face = await readLicenceFace(deps.licences, await holdersLicence(deps.licences, h, licenceId(req)));
    // Shown as an image (never as a document of its own): no script runs in an SVG loaded by
    // <img>, and the policy below keeps it inert if it is opened directly.
    res.set('Content-Type', 'image/svg+xml; charset=utf-8');
    res.set('Content-Security-Policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    res.set('Cache-Control', 'private, max-age=300');
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(face.svg);
  }));
  r.get('/api/holder/licences/:id/ofd', holder(async (req, res, h) => {
    sendOfd(res, await readLicenceOfd(deps.licences, await holdersLicence(deps.licences, h, licenceId(req))));
  }));
  r.get('/api/holder/licences/:id/shares', holder(async (req, res, h) => {
    res.json({ shares: await listLicenceShares(deps.licences, h, licenceId(req)) });
  }));
  r.get('/api/holder/licences/:id/checks', holder(async (req, res, h) => {
    res.json({ checks: await listLicenceChecks(deps.licences, h, licenceId(req)) });
  }));
  r.post('/api/holder/licences/:id/shares', holder(async (req, res, h) => {
    const id = licenceId(req);
    const body = parse(shareBody, req.body);
    const created = await createLicenceShare(deps.licences, h, { licenceId: id, ...body });
    res.status(201).json({ share: { ...(await shareSummary(deps.licences, created.share)), url: created.url } });
  }));
  // A fresh on-screen QR code for a share: its URL, a PNG of it, and when it stops working.
  r.post('/api/holder/shares/:shareId/qr', holder(async (req, res, h) => {
    const qr = await refreshShareQr(deps.licences, h, pathId(SHARE_ID, req.params.shareId, 'share'));
    res.json({ qr: { ...qr, image: await QRCode.toDataURL(qr.url, { margin: 2, width: 240, errorCorrectionLevel: 'M' }) } });
  }));
  r.post('/api/holder/shares/:shareId/revoke', holder(async (req, res, h) => {
    res.json({ share: await revokeLicenceShare(deps.licences, h, pathId(SHARE_ID, req.params.shareId, 'share')) });
  }));
  return r;
}

const tag = 'Licence holders';
const access = { scope: LICENCE_HOLDER_SCOPE };
const params = z.object({ id: z.string().regex(LICENCE_ID).describe('Licence id.') });
const shareParams = z.object({ shareId: z.string().regex(SHARE_ID).describe('Share id.') });
const share = loose('A share: id, licenceId, fields, purpose, code, expiresAt, singleUse, status, uses.');

export const licenceHolderOperations: ApiOperation[] = [
  { id: 'listHolderLicences', method: 'get', path: '/api/holder/licences', tag, access, summary: "The caller's licences (and, acting for an enterprise, its licences)", responses: { 200: { description: 'Licences', json: obj({ licences: arr(ref('Licence')) }) } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'readHolderLicence', method: 'get', path: '/api/holder/licences/:id', tag, access, params, summary: 'One of the caller\'s licences with its content', responses: { 200: { description: 'The licence', json: loose('The licence view and its content (the template fields).') } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'readHolderLicencePdf', method: 'get', path: '/api/holder/licences/:id/pdf', tag, access, params, summary: 'The sealed licence PDF', responses: { 200: { description: 'The PDF', media: 'application/pdf' } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'readHolderLicenceFace', method: 'get', path: '/api/holder/licences/:id/face', tag, access, params, summary: 'A picture of the licence face (SVG, text as outlines, the seal that signed it); for display, not a sealed file', responses: { 200: { description: 'The SVG picture', media: 'image/svg+xml' } }, errors: ['ERR_FORBIDDEN', 'ERR_NOT_FOUND'] },
  { id: 'readHolderLicenceOfd', method: 'get', path: '/api/holder/licences/:id/ofd', tag, access, params, summary: 'The sealed licence OFD (GB/T 33190, sealed per GB/T 38540)', responses: { 200: { description: 'The OFD package', media: 'application/ofd' } }, errors: ['ERR_FORBIDDEN', 'ERR_NOT_FOUND'] },
  { id: 'listLicenceShares', method: 'get', path: '/api/holder/licences/:id/shares', tag, access, params, summary: 'The shares of a licence', responses: { 200: { description: 'Shares', json: obj({ shares: arr(share) }) } }, errors: ['ERR_FORBIDDEN'] },
  { id: 'listLicenceChecks', method: 'get', path: '/api/holder/licences/:id/checks', tag, access, params, summary: 'Who verified the licence, and when (its access log)', responses: { 200: { description: 'Checks', json: obj({ checks: arr(loose('One verification: when, by whom (a verifier system or the public), through which share.')) }) } }, errors: ['ERR_FORBIDDEN'] },
  {
    id: 'shareLicence', method: 'post', path: '/api/holder/licences/:id/shares', tag, access, params, summary: 'Show a licence (亮证): a share with chosen fields, a code and a link',
    body: { json: shareBody }, responses: { 201: { description: 'The share and its link', json: obj({ share }) } }, errors: ['ERR_FORBIDDEN', 'ERR_LICENCE_TRANSITION'],
  },
  {
    id: 'refreshShareQr', method: 'post', path: '/api/holder/shares/:shareId/qr', tag, access, params: shareParams, summary: 'A fresh on-screen QR code for a share',
    responses: { 200: { description: 'Its URL, a PNG data URL of it, and when it stops working', json: obj({ qr: loose('url, image (data:image/png), expiresAt.') }) } }, errors: ['ERR_FORBIDDEN', 'ERR_LICENCE_SHARE_EXPIRED'],
  },
  { id: 'revokeLicenceShare', method: 'post', path: '/api/holder/shares/:shareId/revoke', tag, access, params: shareParams, summary: 'Withdraw a share', responses: { 200: { description: 'The share', json: obj({ share }) } }, errors: ['ERR_FORBIDDEN'] },
];
