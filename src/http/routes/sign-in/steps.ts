// The one helper every sign-in route goes through. A step is a page (GET) or a form (POST) under
// `/interaction/:uid`: the interaction is loaded once, a stale or unknown one gets the friendly
// "sign-in expired" page, a form must carry this interaction's CSRF token and come from our own
// origin, and the handler gets the request, the response and the interaction's details.
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type Provider from 'oidc-provider';
import { AppError, isAppError } from '../../../domain/errors.ts';
import type { LicenceUseDeps } from '../../../services/licence-use/licence-use-deps.ts';
import type { ActingDeps } from '../../../services/acting/acting-deps.ts';
import type { CertLoginDeps } from '../../../services/identity/cert-login-deps.ts';
import type { IdentityDeps } from '../../../services/identity/identity-deps.ts';
import type { RealNameDeps } from '../../../services/identity/verify-real-name.ts';
import { allowFormTarget } from '../../middleware/form-redirect-csp.ts';
import { pathId } from '../../parse.ts';
import { errorPage } from '../../views/pages.ts';
import { pageOptions } from '../../views/prefs.ts';

export interface InteractionDeps {
  provider: () => Promise<Provider>;
  identity: IdentityDeps;
  /** Certificate login: the staff CA, imported CAs, certificate links. */
  cert: CertLoginDeps;
  /** Keys CSRF tokens; the session secret. */
  secret: string;
  publicUrl: string;
  /** Acting for an enterprise (org.ts); without it the choice is never offered. */
  acting?: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>;
  /** The real-name check that raises a citizen to L2. */
  realName: RealNameDeps['realName'];
  /** Licence use for a service item (licence-use-consent.ts); without it such requests are not consented. */
  licenceUse?: LicenceUseDeps;
}

export type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

export type StepHandler = (req: Request, res: Response, details: Details) => Promise<unknown>;

export interface Steps {
  router: Router;
  /** A page: GET /interaction/:uid<path>. */
  page(path: string, handler: StepHandler): void;
  /** A form or JSON post: POST /interaction/:uid<path>, with the interaction's CSRF token. */
  form(path: string, handler: StepHandler): void;
}

const UID = /^[A-Za-z0-9_-]{1,64}$/;

export const interactionPath = (uid: string, path = '') => `/interaction/${uid}${path}`;

/** A token tied to one interaction: a form from another site or interaction does not carry it. */
export function csrfToken(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`yinxin-csrf|${uid}`).digest('base64url');
}

function checkCsrf(deps: InteractionDeps, req: Request, uid: string): void {
  const origin = req.headers.origin;
  if (origin && origin !== 'null' && origin !== new URL(deps.publicUrl).origin) throw new AppError('ERR_FORBIDDEN', 'cross-origin form post');
  const given = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
  const expected = Buffer.from(csrfToken(deps.secret, uid));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('ERR_FORBIDDEN', 'bad CSRF token');
}

/** The app's display name, for the sign-in pages. */
export async function appName(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? String(clientId ?? '');
}

/** The page for a form posted at a step the sign-in is not at. */
export function wrongStep(req: Request, res: Response): void {
  res.status(400).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'wrong_step'));
}

export function steps(deps: InteractionDeps): Steps {
  const router = express.Router();
  const run = (handler: StepHandler, post: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      let details: Details;
      try {
        const uid = pathId(UID, req.params.uid, 'interaction');
        details = await (await deps.provider()).interactionDetails(req, res);
        if (details.uid !== uid) throw new Error('interaction mismatch');
      } catch {
        res.status(400).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'interaction_expired'));
        return;
      }
      if (post) checkCsrf(deps, req, details.uid);
      // Registered redirect URIs only reach here: the provider checked them before the interaction.
      allowFormTarget(res, details.params.redirect_uri);
      await handler(req, res, details);
    } catch (e) {
      if (isAppError(e, 'ERR_FORBIDDEN')) {
        res.status(403).type('html').send(errorPage(pageOptions(req, res, (t) => t.errorHeading), 'csrf'));
        return;
      }
      next(e);
    }
  };
  return {
    router,
    page: (path, handler) => { router.get(`/interaction/:uid${path}`, run(handler, false)); },
    form: (path, handler) => { router.post(`/interaction/:uid${path}`, run(handler, true)); },
  };
}
