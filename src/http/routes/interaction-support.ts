// What the interaction routes share: the provider, identity use cases, CSRF tokens bound to the
// interaction, and the login page rendering.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { acrRequirements } from '../../domain/assurance.ts';
import { AppError } from '../../domain/errors.ts';
import type { CertLoginDeps } from '../../services/identity/cert-login-deps.ts';
import type { IdentityDeps } from '../../services/identity/identity-deps.ts';
import type { ActingDeps } from '../../services/acting/acting-deps.ts';
import type { RealNameDeps } from '../../services/identity/verify-real-name.ts';
import { loginPage } from '../views/pages.ts';
import { SIGNING_MIDDLEWARE_URL, allowSigningMiddleware } from './interaction-cert.ts';
import type { LoginView } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';

export interface InteractionDeps {
  provider: () => Promise<Provider>;
  identity: IdentityDeps;
  /** Certificate login: the staff CA, imported CAs, certificate links. */
  cert: CertLoginDeps;
  /** Keys CSRF tokens; the session secret. */
  secret: string;
  publicUrl: string;
  /** Acting for an enterprise (interaction-org.ts); without it the choice is never offered. */
  acting?: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>;
  /** The real-name check that raises a citizen to L2. */
  realName: RealNameDeps['realName'];
}

export type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** A token tied to one interaction: a form from another site or interaction does not carry it. */
export function csrfToken(secret: string, uid: string): string {
  return createHmac('sha256', secret).update(`yinxin-csrf|${uid}`).digest('base64url');
}

/** Refuse a form post without this interaction's token, or sent from another origin. */
export function checkCsrf(deps: InteractionDeps, req: Request, uid: string): void {
  const origin = req.headers.origin;
  if (origin && origin !== 'null' && origin !== new URL(deps.publicUrl).origin) throw new AppError('ERR_FORBIDDEN', 'cross-origin form post');
  const given = Buffer.from(typeof req.body?.csrf === 'string' ? req.body.csrf : '');
  const expected = Buffer.from(csrfToken(deps.secret, uid));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('ERR_FORBIDDEN', 'bad CSRF token');
}

export function requestContext(req: Request): { clientIp: string | null; requestId: string | null } {
  const id = req.headers['x-request-id'];
  return { clientIp: req.ip ?? null, requestId: typeof id === 'string' ? id : null };
}

/** The app's display name, for the login and consent pages. */
export async function appName(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? String(clientId ?? '');
}

/** Render the login page for an interaction, with an optional message and a status. */
export async function renderLogin(
  deps: InteractionDeps, req: Request, res: Response, details: Details,
  extra: Partial<Pick<LoginView, 'tab' | 'error' | 'notice' | 'phone'>> & { status?: number } = {},
): Promise<void> {
  const provider = await deps.provider();
  const uid = details.uid;
  const opts = pageOptions(req, res, (t) => t.login);
  const wanted = [...new Set(acrRequirements({ acr_values: details.params.acr_values, claims: details.params.claims }).flat())];
  const stepUp = details.prompt.reasons.includes('acr_step_up') ? wanted.join(' / ') : null;
  const tab = extra.tab ?? (req.query.tab === 'sms' ? 'sms' : req.query.tab === 'cert' ? 'cert' : req.query.tab === 'qr' ? 'qr' : 'password');
  if (tab === 'cert') allowSigningMiddleware(res);
  const html = loginPage(opts, {
    action: `/interaction/${uid}/login`,
    smsAction: `/interaction/${uid}/sms`,
    sendCodeAction: `/interaction/${uid}/sms/send`,
    cert: { challengeAction: `/interaction/${uid}/cert/challenge`, action: `/interaction/${uid}/cert`, middleware: SIGNING_MIDDLEWARE_URL },
    csrf: csrfToken(deps.secret, uid),
    tab,
    appName: await appName(provider, details.params.client_id),
    loginHint: typeof details.params.login_hint === 'string' ? details.params.login_hint : '',
    phone: extra.phone ?? '',
    error: extra.error ?? null,
    notice: extra.notice ?? null,
    stepUpAcr: stepUp,
    registerHref: `/interaction/${uid}/register`,
    realNameHref: stepUp ? `/interaction/${uid}/real-name` : undefined,
    qr: { issueAction: `/interaction/${uid}/qr`, statusAction: `/interaction/${uid}/qr/status`, completeAction: `/interaction/${uid}/qr/complete` },
  });
  res.status(extra.status ?? 200).type('html').send(html);
}
