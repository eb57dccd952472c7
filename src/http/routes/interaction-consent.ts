// Consent: what an app may know. First-party government apps are granted at once; third-party
// apps show the list of scopes. Grants and refusals go to the audit log.
import type { Request, Response } from 'express';
import { accountKindOfId } from '../../domain/account.ts';
import { consentPage } from '../views/pages.ts';
import { pageOptions } from '../views/prefs.ts';
import { appName, csrfToken, requestContext } from './interaction-support.ts';
import type { Details, InteractionDeps } from './interaction-support.ts';

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
  const grantId = await g.save();
  const ctx = requestContext(req);
  await deps.identity.audit.append({
    actor: { id: accountId, kind: accountKindOfId(accountId) }, action: 'consent.grant', object: clientId, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { how, scopes: missing.missingOIDCScope ?? [] },
  });
  await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

export const consentRoutes = {
  async show(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
    const provider = await deps.provider();
    const client = await provider.Client.find(String(details.params.client_id));
    if (client?.metadata().app_kind === 'first_party') return grant(deps, req, res, details, 'pre-consented');
    const missing = details.prompt.details as ConsentDetails;
    const scopes = [...(missing.missingOIDCScope ?? []), ...Object.values(missing.missingResourceScopes ?? {}).flat()];
    const opts = pageOptions(req, res, (t) => t.consentHeading);
    res.type('html').send(consentPage(opts, {
      action: `/interaction/${details.uid}/confirm`,
      abortAction: `/interaction/${details.uid}/abort`,
      csrf: csrfToken(deps.secret, details.uid),
      appName: await appName(provider, details.params.client_id),
      scopes,
    }));
  },

  confirm(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
    return grant(deps, req, res, details, 'user');
  },

  async abort(deps: InteractionDeps, req: Request, res: Response, details: Details): Promise<void> {
    const accountId = (details.session?.accountId as string | undefined) ?? null;
    const ctx = requestContext(req);
    await deps.identity.audit.append({
      actor: { id: accountId, kind: accountId ? accountKindOfId(accountId) : 'anonymous' }, action: 'consent.deny',
      object: String(details.params.client_id), outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
    });
    await (await deps.provider()).interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  },
};
