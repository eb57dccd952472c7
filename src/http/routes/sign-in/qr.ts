// QR-scan login on the sign-in page (扫码登录), spoken as JSON by /static/qr-login.js:
//   POST /interaction/:uid/qr          {csrf}        → {code, qr (PNG data: URL), expiresAt}
//   POST /interaction/:uid/qr/status   {csrf, code}  → {status, expiresAt}
//   POST /interaction/:uid/qr/complete {csrf, code}  → {redirect}
// The QR code holds `<public URL>/app/scan#qr=<code>`: the city app reads the code from it, and a
// phone camera that opens the link reaches the demonstration page without sending the code to
// any server log (it is in the fragment). Refusals answer {error: {code, message}}.
import { readFileSync } from 'node:fs';
import express from 'express';
import type { Router } from 'express';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.ts';
import { completeQrLogin } from '../../../services/identity/qr-login-complete.ts';
import { qrCodePattern, summariseUserAgent } from '../../../services/identity/qr-login-deps.ts';
import type { QrLoginDeps } from '../../../services/identity/qr-login-deps.ts';
import { issueQrLogin } from '../../../services/identity/qr-login-issue.ts';
import { qrLoginStatus } from '../../../services/identity/qr-login-status.ts';
import { parse } from '../../parse.ts';
import { requestContext } from '../../request-context.ts';
import { proceedSignIn, proofsNow } from './finish.ts';
import { appName, steps } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

const issueBody = z.strictObject({ csrf: z.string().max(200) });
const codeBody = z.strictObject({ csrf: z.string().max(200), code: z.string().regex(qrCodePattern) });

const script = readFileSync(new URL('../../views/qr-login.js', import.meta.url), 'utf8');

/** The link a QR login code is shown as. */
export function qrLoginLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/app/scan#qr=${code}`;
}

export function qrLoginRoutes(deps: InteractionDeps, qr: QrLoginDeps): Router {
  const router = express.Router();
  const step = steps(deps);
  const atLogin = (details: Details) => {
    if (details.prompt.name !== 'login') throw new AppError('ERR_CONFLICT', 'this sign-in is past the login step');
  };

  router.get('/static/qr-login.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(script);
  });

  step.form('/qr', async (req, res, details) => {
    parse(issueBody, req.body);
    atLogin(details);
    const clientId = String(details.params.client_id ?? '');
    const issued = await issueQrLogin(qr, {
      interaction: details.uid, clientId, appName: await appName(await deps.provider(), clientId),
      from: { ip: req.ip ?? null, userAgent: summariseUserAgent(req.headers['user-agent']) },
    });
    const image = await QRCode.toDataURL(qrLoginLink(deps.publicUrl, issued.code), { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    res.set('Cache-Control', 'no-store').json({ code: issued.code, qr: image, expiresAt: issued.expiresAt });
  });

  step.form('/qr/status', async (req, res, details) => {
    const { code } = parse(codeBody, req.body);
    res.set('Cache-Control', 'no-store').json(await qrLoginStatus(qr, code, details.uid));
  });

  step.form('/qr/complete', async (req, res, details) => {
    const { code } = parse(codeBody, req.body);
    atLogin(details);
    const done = await completeQrLogin(qr, code, details.uid, requestContext(req));
    // The phone session's level comes with the scan (finish-sign-in.ts).
    await proceedSignIn(deps, req, res, details, { account: done.account, proofs: proofsNow(deps, done.amr), channelAcr: done.acr }, { json: true });
  });
  router.use(step.router);
  return router;
}
