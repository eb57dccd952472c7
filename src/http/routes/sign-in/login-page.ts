// The login page of an interaction: password, SMS code, certificate and QR scan tabs, with a
// message and a status when a login was refused.
import type { Request, Response } from 'express';
import { acrRequirements } from '../../../domain/assurance.ts';
import { loginPage } from '../../views/pages.ts';
import type { LoginView } from '../../views/pages.ts';
import { pageOptions } from '../../views/prefs.ts';
import { SIGNING_MIDDLEWARE_URL, allowSigningMiddleware } from './cert.ts';
import { appName, csrfToken, interactionPath } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

export async function renderLogin(
  deps: InteractionDeps, req: Request, res: Response, details: Details,
  extra: Partial<Pick<LoginView, 'tab' | 'error' | 'notice' | 'phone'>> & { status?: number } = {},
): Promise<void> {
  const provider = await deps.provider();
  const at = (path: string) => interactionPath(details.uid, path);
  const opts = pageOptions(req, res, (t) => t.login);
  const wanted = [...new Set(acrRequirements({ acr_values: details.params.acr_values, claims: details.params.claims }).flat())];
  const stepUp = details.prompt.reasons.includes('acr_step_up') ? wanted : null;
  const tab = extra.tab ?? (req.query.tab === 'sms' ? 'sms' : req.query.tab === 'cert' ? 'cert' : req.query.tab === 'qr' ? 'qr' : 'password');
  if (tab === 'cert') allowSigningMiddleware(res);
  const html = loginPage(opts, {
    action: at('/login'),
    smsAction: at('/sms'),
    sendCodeAction: at('/sms/send'),
    cert: { challengeAction: at('/cert/challenge'), action: at('/cert'), middleware: SIGNING_MIDDLEWARE_URL },
    csrf: csrfToken(deps.secret, details.uid),
    tab,
    appName: await appName(provider, details.params.client_id),
    loginHint: typeof details.params.login_hint === 'string' ? details.params.login_hint : '',
    phone: extra.phone ?? '',
    error: extra.error ?? null,
    notice: extra.notice ?? null,
    stepUp,
    registerHref: at('/register'),
    forgotHref: `/account/forgot?return=${encodeURIComponent(at(''))}`,
    realNameHref: stepUp ? at('/real-name') : undefined,
    qr: { issueAction: at('/qr'), statusAction: at('/qr/status'), completeAction: at('/qr/complete') },
  });
  res.status(extra.status ?? 200).type('html').send(html);
}
