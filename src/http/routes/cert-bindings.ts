// `/api/identity/cert-bindings`: a staff member links a certificate (e.g. from a USB key an
// imported CA issued) to their account, so that it signs them in later. Every request carries a
// yinxin access token for the API from a sign-in that included a one-time password or a
// certificate (bind-certificate.ts); proof of the key is a signed one-time challenge, as at login.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { z } from 'zod';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { bindCertificate, certificateHolder } from '../../services/identity/bind-certificate.ts';
import { issueCertChallenge } from '../../services/identity/cert-login-challenge.ts';
import type { CertLoginDeps } from '../../services/identity/cert-login-deps.ts';
import { requestContext } from '../request-context.ts';
import { parse } from '../parse.ts';
import { arr, loose, obj } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

export interface CertBindingRouteDeps {
  cert: CertLoginDeps;
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const bindBody = z.strictObject({
  challenge: z.string().min(1).max(2000),
  certificate: base64.max(16_384),
  chain: z.array(base64.max(16_384)).max(5).optional(),
  signature: base64.max(200),
});

type Handler = (req: Request, res: Response, accountId: string) => Promise<void>;

export function certBindingRoutes(deps: CertBindingRouteDeps): Router {
  const r = Router();
  const caller = requireCaller(null, deps.readToken);
  const holder = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, await certificateHolder(deps.cert, callerOf<ApiCaller>(res), requestContext(req)));
    } catch (e) {
      next(e);
    }
  }];

  r.get('/api/identity/cert-bindings', holder(async (_req, res, accountId) => {
    const bindings = await deps.cert.bindings.listForAccount(accountId);
    res.json({ bindings: bindings.map(({ accountId: _a, ...b }) => b) });
  }));
  r.post('/api/identity/cert-bindings/challenge', holder(async (_req, res, accountId) => {
    res.json(await issueCertChallenge(deps.cert, { purpose: 'bind', account: accountId }));
  }));
  r.post('/api/identity/cert-bindings', holder(async (req, res, accountId) => {
    const { accountId: _a, ...binding } = await bindCertificate(deps.cert, accountId, parse(bindBody, req.body), requestContext(req));
    res.status(201).json({ binding });
  }));
  return r;
}

const tag = 'Identity';
// Any live API token of a person; the sign-in behind it must have had a one-time password or a certificate.
const access = { scope: null };
const holderErrors = ['ERR_FORBIDDEN', 'ERR_STEP_UP_REQUIRED'] as const;
const binding = loose('A linked certificate: id, serial number, issuer, subject, validity and when it was linked.');

export const certBindingOperations: ApiOperation[] = [
  { id: 'listCertBindings', method: 'get', path: '/api/identity/cert-bindings', tag, access, summary: "The caller's linked certificates", responses: { 200: { description: 'Linked certificates', json: obj({ bindings: arr(binding) }) } }, errors: [...holderErrors] },
  {
    id: 'certBindingChallenge', method: 'post', path: '/api/identity/cert-bindings/challenge', tag, access, summary: 'A one-time challenge for the certificate\'s key to sign',
    responses: { 200: { description: 'The challenge and until when it may be used', json: loose('challenge (the text to sign) and expiresAt.') } }, errors: [...holderErrors],
  },
  {
    id: 'bindCertificate', method: 'post', path: '/api/identity/cert-bindings', tag, access, summary: 'Link a certificate, proving its key with the signed challenge', body: { json: bindBody },
    responses: { 201: { description: 'The linked certificate', json: obj({ binding }) } },
    errors: [...holderErrors, 'ERR_CONFLICT', 'ERR_CERT_LOGIN_CHALLENGE', 'ERR_CERT_LOGIN_SIGNATURE', 'ERR_CERT_LOGIN_UNTRUSTED', 'ERR_CERT_LOGIN_USAGE', 'ERR_CERT_LOGIN_EXPIRED', 'ERR_CERT_LOGIN_REVOKED', 'ERR_CERT_LOGIN_REVOCATION_UNKNOWN', 'ERR_CERT_LOGIN_MISMATCH'],
  },
];
