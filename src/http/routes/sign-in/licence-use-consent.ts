// The consent step when an app asks to use the holder's licences for a service item (RFC 9396
// authorization details of type licence_use, see oidc/licence-use-details.ts): the page lists
// the item, its legal basis, the licences and fields to be shared and for how long; confirming
// records the consent (services/licence-use) and puts the detail, with the consent's id, on the
// grant, from where the provider carries it into the tokens. Asked for on every such request,
// first-party apps included: each use of licences is the holder's own decision.
import type { Request, Response } from 'express';
import type { Grant } from 'oidc-provider';
import { LICENCE_USE_DETAIL_TYPE, ONE_TIME_CONSENT_S } from '../../../domain/licence-use.ts';
import type { LicenceUseDeps } from '../../../services/licence-use/licence-use-deps.ts';
import { readLicenceUseRequest } from '../../../services/licence-use/licence-use-request.ts';
import { recordLicenceUseConsent } from '../../../services/licence-use/record-licence-use-consent.ts';
import { requestContext } from '../../request-context.ts';
import { licenceUseConsentPage } from '../../views/licence-use-consent-page.ts';
import { pageOptions } from '../../views/prefs.ts';
import { appName, csrfToken, interactionPath } from './steps.ts';
import type { Details, InteractionDeps } from './steps.ts';

type Detail = Record<string, unknown>;

/** The licence_use details the request carries (the provider has checked their shape and the app's right to them). */
export function licenceUseDetails(details: Details): Detail[] {
  const raw = details.params.authorization_details;
  if (typeof raw !== 'string') return [];
  return (JSON.parse(raw) as Detail[]).filter((d) => d.type === LICENCE_USE_DETAIL_TYPE);
}

export async function showLicenceUseConsent(deps: InteractionDeps & { licenceUse: LicenceUseDeps }, req: Request, res: Response, details: Details, detail: Detail): Promise<void> {
  const provider = await deps.provider();
  const clientId = String(details.params.client_id);
  const request = await readLicenceUseRequest(deps.licenceUse, clientId, detail);
  if ('refused' in request) {
    await provider.interactionFinished(req, res, { error: 'invalid_authorization_details', error_description: request.refused }, { mergeWithLastSubmission: false });
    return;
  }
  const opts = pageOptions(req, res, (t) => t.consentHeading);
  res.type('html').send(licenceUseConsentPage(opts, {
    action: interactionPath(details.uid, '/confirm'),
    abortAction: interactionPath(details.uid, '/abort'),
    csrf: csrfToken(deps.secret, details.uid),
    appName: await appName(provider, clientId),
    item: { code: request.item.code, name: request.item.name, department: request.item.department.name, legalBasis: request.item.legalBasis },
    licences: request.licences,
    standingDays: request.standingDays,
    oneTimeMinutes: ONE_TIME_CONSENT_S / 60,
  }));
}

/** Records a consent per licence_use detail and puts each, with its consent_id, on the grant. */
export async function grantLicenceUseDetails(deps: InteractionDeps, req: Request, details: Details, grant: Grant): Promise<void> {
  const asked = licenceUseDetails(details);
  if (!asked.length || !deps.licenceUse) return;
  const personId = details.session?.accountId as string;
  for (const detail of asked) {
    const consent = await recordLicenceUseConsent(deps.licenceUse, { personId, clientId: String(details.params.client_id), detail }, requestContext(req));
    grant.addRar({ ...detail, type: LICENCE_USE_DETAIL_TYPE, consent_id: consent.id });
  }
}
