// The seal desk (用章工作台) at /desk/seals: staff apply for seals, approve them, see their seals
// and grants, and stamp PDFs and OFD files. Like the holder portal it is a public first-party client of yinxin
// (SEAL_DESK_CLIENT_ID, see sealDeskApp) that signs in with the code flow and PKCE in the browser
// and calls /api/seals with the access token. When stamping answers with the RFC 9470 challenge,
// the page signs in again with the challenge's acr_values (L1-mfa: a one-time password) and max_age and
// then offers the stamp again. Two small endpoints serve the page: who is signed in, and a page
// preview (size and text layout) for placing the seal; both take the same bearer token.
import { readFileSync } from 'node:fs';
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { Account } from '../../domain/account.ts';
import type { AppRegistration } from '../../services/apps/register-app.ts';
import type { SealService } from '../../services/seals/seal-service.ts';
import { sealDeskMessages } from '../views/seal-desk-i18n.ts';
import { sealDeskPage } from '../views/seal-desk-page.ts';
import { pageOptions } from '../views/prefs.ts';
import { SEALS_SCOPE, readSealCaller, unauthenticated } from './seals-caller.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import type { SealCaller } from './seals-caller.ts';
import { parse } from '../parse.ts';
import { arr, loose, nullable, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

/** The client id under which the desk is registered. */
export const SEAL_DESK_CLIENT_ID = 'yinxin-seal-desk';

/** The desk's registration as an app of yinxin's (public client, code flow, staff and seals scopes). */
export function sealDeskApp(publicUrl: string): AppRegistration & { clientId: string; public: true } {
  return {
    clientId: SEAL_DESK_CLIENT_ID, name: '用章工作台', kind: 'first_party', public: true,
    redirectUris: [`${publicUrl}/desk/seals`], postLogoutRedirectUris: [], grantTypes: ['authorization_code'],
    scopes: ['openid', 'staff', SEALS_SCOPE], fullIdNumber: false,
  };
}

export interface SealDeskDeps {
  seals: SealService;
  config: { publicUrl: string };
  oidcProvider(): Promise<Provider>;
  identity: { accounts: { findById(id: string): Promise<Account | null> } };
}

const previewQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000) });
const js = readFileSync(new URL('../views/seal-desk.js', import.meta.url), 'utf8');
const css = readFileSync(new URL('../views/seal-desk.css', import.meta.url), 'utf8');

export function sealDeskRoutes(deps: SealDeskDeps): Router {
  const r = Router();
  const base = deps.config.publicUrl.replace(/\/+$/, '');
  const pdfBody = express.raw({ type: ['application/pdf', 'application/ofd'], limit: deps.seals.limits.maxPdfBytes });
  const caller = requireCaller(SEALS_SCOPE, async (token) => readSealCaller(await deps.oidcProvider(), `${base}/api`, token));
  const withCaller = (handler: (req: Request, res: Response, caller: SealCaller) => Promise<void>): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const c = callerOf<SealCaller>(res) as SealCaller;
      // The desk signs in again for any token it cannot use, so a missing scope is a 401 here too.
      if (!c.scopes.includes(SEALS_SCOPE)) throw unauthenticated();
      await handler(req, res, c);
    } catch (e) {
      next(e);
    }
  }];

  r.get('/desk/seals', (req, res) => {
    const o = pageOptions(req, res, () => '');
    const m = sealDeskMessages(o.lang);
    // The language and text-size links lead back to the bare page, never to a used code.
    res.set('Cache-Control', 'no-store').type('html').send(sealDeskPage({ ...o, title: m.title, here: '/desk/seals' }, m, {
      clientId: SEAL_DESK_CLIENT_ID, authorizationEndpoint: `${base}/oidc/auth`, tokenEndpoint: `${base}/oidc/token`,
      redirectUri: `${base}/desk/seals`, resource: `${base}/api`, maxPdfBytes: deps.seals.limits.maxPdfBytes,
    }));
  });
  r.get('/desk/seals/me', withCaller(async (_req, res, caller) => {
    const a = await deps.identity.accounts.findById(caller.accountId);
    if (!a || a.status !== 'active') throw unauthenticated();
    res.json({ id: a.id, name: a.name, departmentId: a.staff?.departmentId ?? null, roles: a.staff?.roles ?? [] });
  }));
  r.post('/desk/seals/preview', withCaller(async (req, res) => {
    const q = parse(previewQuery, req.query);
    if (!req.is(['application/pdf', 'application/ofd'])) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the document as application/pdf or application/ofd');
    await new Promise<void>((resolve, reject) => pdfBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('ERR_DOCUMENT_INVALID', 'the body is empty');
    res.json(await deps.seals.preview({ pdf: new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length), page: q.page }));
  }));
  r.get('/static/seal-desk.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  r.get('/static/seal-desk.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });
  return r;
}

const tag = 'Seal desk';
const access = { scope: SEALS_SCOPE };

export const sealDeskOperations: ApiOperation[] = [
  {
    id: 'sealDeskMe', method: 'get', path: '/desk/seals/me', tag, access, summary: 'Who the desk\'s token stands for',
    responses: { 200: { description: 'The staff member', json: obj({ id: str(), name: str(), departmentId: nullable('string'), roles: arr(str()) }) } },
  },
  {
    id: 'sealDeskPreview', method: 'post', path: '/desk/seals/preview', tag, access, query: previewQuery, summary: 'Size and text layout of one page, for placing the seal',
    body: { media: { 'application/pdf': 'The PDF.', 'application/ofd': 'The OFD file (its page and text given in PDF points from the lower left too).' } },
    responses: { 200: { description: 'The page', json: obj({ kind: { type: 'string', enum: ['pdf', 'ofd'] }, page: { type: 'integer' }, pageCount: { type: 'integer' }, mediaBox: { ...arr({ type: 'number' }), description: '[x1, y1, x2, y2] in PDF points.' }, text: arr(loose('A run of text and its box.')) }) } },
    errors: ['ERR_UNSUPPORTED_MEDIA_TYPE', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_DOCUMENT_INVALID', 'ERR_OFD_INVALID', 'ERR_DOCUMENT_TOO_COMPLEX', 'ERR_PLACEMENT_INVALID'],
  },
];
