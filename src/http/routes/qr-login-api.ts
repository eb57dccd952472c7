// The city app's side of QR-scan login (docs/qr-login.md):
//   POST /api/qr-login/scan    {code} → {app: {clientId, name}, from: {ip, userAgent}, requestedAt, expiresAt}
//   POST /api/qr-login/confirm {code} → {status: "confirmed"}
//   POST /api/qr-login/decline {code} → {status: "declined"}
// The app calls with a yinxin access token for the API resource carrying the `qr_login` scope,
// issued to the person; their sign-in session (read afresh each time, as for seals) must be at
// L2 or higher. `code` is the code itself or the whole link the QR code holds.
import express from 'express';
import type { Request, Response, Router } from 'express';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { decideQrLogin } from '../../services/identity/qr-login-decide.ts';
import type { QrLoginDeps, QrPhone } from '../../services/identity/qr-login-deps.ts';
import { scanQrLogin } from '../../services/identity/qr-login-scan.ts';
import { requestContext } from '../request-context.ts';
import { parse } from '../parse.ts';
import { readSealCaller } from './seals-caller.ts';
import type { SealCaller } from './seals-caller.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export const QR_LOGIN_SCOPE = 'qr_login';

const codeOrLink = z.string().trim().max(300).transform((s) => /(?:^|[#&?]qr=)([A-Za-z0-9_-]{43})$/.exec(s)?.[1] ?? (/^[A-Za-z0-9_-]{43}$/.test(s) ? s : null))
  .refine((c): c is string => c !== null, { message: 'a QR login code or the link it is shown as' });
const body = z.strictObject({ code: codeOrLink });

export interface QrLoginApiDeps {
  provider: () => Promise<Provider>;
  publicUrl: string;
  qrLogin: QrLoginDeps;
}

export function qrLoginApiRoutes(deps: QrLoginApiDeps): Router {
  const router = express.Router();
  const apiResource = `${deps.publicUrl.replace(/\/+$/, '')}/api`;

  const caller = requireCaller(QR_LOGIN_SCOPE, async (token) => readSealCaller(await deps.provider(), apiResource, token));
  function phoneOf(res: Response): QrPhone {
    const caller = callerOf<SealCaller>(res);
    if (!caller || !caller.scopes.includes(QR_LOGIN_SCOPE)) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token with the qr_login scope is required');
    return { accountId: caller.accountId, clientId: caller.clientId, session: caller.session ? { acr: caller.session.acr, amr: [...caller.session.amr] } : null };
  }
  function codeOf(req: Request): string {
    return parse(body, req.body).code;
  }

  router.post('/api/qr-login/scan', caller, async (req, res) => {
    const phone = phoneOf(res);
    res.set('Cache-Control', 'no-store').json(await scanQrLogin(deps.qrLogin, codeOf(req), phone, requestContext(req)));
  });
  for (const decision of ['confirm', 'decline'] as const) {
    router.post(`/api/qr-login/${decision}`, caller, async (req, res) => {
      const phone = phoneOf(res);
      res.set('Cache-Control', 'no-store').json(await decideQrLogin(deps.qrLogin, codeOf(req), phone, decision, requestContext(req)));
    });
  }
  return router;
}

const tag = 'Identity';
const access = { scope: QR_LOGIN_SCOPE };
const phoneErrors = ['ERR_QR_LOGIN_LEVEL', 'ERR_QR_LOGIN_UNKNOWN', 'ERR_QR_LOGIN_EXPIRED', 'ERR_QR_LOGIN_USED', 'ERR_RATE_LIMITED'] as const;
const description = 'The phone\'s sign-in session must be at L2 or higher; `code` is the code itself or the whole link the QR code holds.';

export const qrLoginOperations: ApiOperation[] = [
  {
    id: 'scanQrLogin', method: 'post', path: '/api/qr-login/scan', tag, access, summary: 'Report a scanned QR login code: which app asks, from where', description, body: { json: body },
    responses: { 200: { description: 'The sign-in to confirm or decline', json: obj({ app: obj({ clientId: str(), name: str() }), from: { type: 'object', description: 'ip and userAgent of the browser asking.' }, requestedAt: str(), expiresAt: str() }) } },
    errors: [...phoneErrors],
  },
  ...(['confirm', 'decline'] as const).map((decision): ApiOperation => ({
    id: `${decision}QrLogin`, method: 'post', path: `/api/qr-login/${decision}`, tag, access, description, body: { json: body },
    summary: decision === 'confirm' ? 'Confirm the scanned sign-in: the browser is signed in as the phone\'s person' : 'Decline the scanned sign-in',
    responses: { 200: { description: 'The new status', json: obj({ status: { type: 'string', enum: [decision === 'confirm' ? 'confirmed' : 'declined'] } }) } },
    errors: [...phoneErrors, 'ERR_QR_LOGIN_NOT_SCANNED'],
  })),
];
