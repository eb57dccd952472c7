// Consent: what an app may know. First-party government apps are granted at once; third-party
// apps show the list of scopes; a request to use licences for a service item shows what would be
// shared (licence-use-consent.ts). Grants and refusals go to the audit log.
//   GET  /interaction/:uid          (while the provider asks for consent) → the scopes page
//   POST /interaction/:uid/confirm  {csrf} → on to the app
//   POST /interaction/:uid/abort    {csrf} → the app gets access_denied (also the select_org page's cancel)
import type { Request, Response, Router } from 'express';
import { accountKindOfId } from '../../../domain/account.ts';
import { requestContext } from '../../request-context.ts';
import { consentPage } from '../../views/pages.ts';
import { pageOptions } from '../../views/prefs.ts';
import { grantLicenceUseDetails, licenceUseDetails, showLicenceUseConsent } from './licence-use-consent.ts';
import { appName, csrfToken, interactionPath, steps, wrongStep } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

async function grant(deps: InteractionDeps, req: Request, res: Response, details: Details, how: 'pre-consented' | 'user'): Promise<void> {
  const provider = await deps.provider();
  const accountId = details.session?.accountId as string;
  const clientId = String(details.params.client_id);
  const missing = details.prompt.details as ConsentDetails;
  const g = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
  if (!g) throw new Error('grant vanished');
  if (missing.missingOIDCScope) g.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) g.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) g.addResourceScope(indicator, scopes.join(' '));
  await grantLicenceUseDetails(deps, req, details, g);
  const grantId = await g.save();
  const ctx = requestContext(req);
  await deps.identity.audit.append({
    actor: { id: accountId, kind: accountKindOfId(accountId) }, action: 'consent.grant', object: clientId, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { how, scopes: missing.missingOIDCScope ?? [] },
  });
  await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

/** The consent step's page: first-party apps are granted at once. */
export async function showConsent(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
  const provider = await deps.provider();
  const [useDetail] = licenceUseDetails(details);
  if (useDetail && deps.licenceUse) return showLicenceUseConsent({ ...deps, licenceUse: deps.licenceUse }, req, res, details, useDetail);
  const client = await provider.Client.find(String(details.params.client_id));
  if (client?.metadata().app_kind === 'first_party') return grant(deps, req, res, details, 'pre-consented');
  const missing = details.prompt.details as ConsentDetails;
  const scopes = [...(missing.missingOIDCScope ?? []), ...Object.values(missing.missingResourceScopes ?? {}).flat()];
  const opts = pageOptions(req, res, (t) => t.consentHeading);
  res.type('html').send(consentPage(opts, {
    action: interactionPath(details.uid, '/confirm'),
    abortAction: interactionPath(details.uid, '/abort'),
    csrf: csrfToken(deps.secret, details.uid),
    appName: await appName(provider, details.params.client_id),
    scopes,
  }));
}

export function consentRoutes(deps: InteractionDeps): Router {
  const step = steps(deps);
  // The consent form counts only while the provider asks for consent (a signed-in user).
  step.form('/confirm', async (req, res, details) => {
    if (details.prompt.name !== 'consent' || !details.session?.accountId) return wrongStep(req, res);
    await grant(deps, req, res, details, 'user');
  });
  step.form('/abort', async (req, res, details) => {
    const accountId = (details.session?.accountId as string | undefined) ?? null;
    const ctx = requestContext(req);
    await deps.identity.audit.append({
      actor: { id: accountId, kind: accountId ? accountKindOfId(accountId) : 'anonymous' }, action: 'consent.deny',
      object: String(details.params.client_id), outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
    });
    await (await deps.provider()).interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  });
  return step.router;
}
