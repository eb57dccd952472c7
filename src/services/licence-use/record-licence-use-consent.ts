// The holder consents, on the sign-in consent page, to an app's use of their licences for a
// service item. Steps: the request is still sound (item, permission) → a consent for the person
// signed in, one-time (for 30 minutes) or standing (for the days asked) → audit.
import { AppError } from '../../domain/errors.ts';
import { ONE_TIME_CONSENT_S } from '../../domain/licence-use.ts';
import type { LicenceUseConsent } from '../../domain/licence-use.ts';
import { accountKindOfId } from '../../domain/account.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';
import { newId } from './licence-use-deps.ts';
import { readLicenceUseRequest } from './licence-use-request.ts';

export async function recordLicenceUseConsent(
  deps: LicenceUseDeps, input: { personId: string; clientId: string; detail: Record<string, unknown> }, ctx: { clientIp: string | null; requestId: string | null },
): Promise<LicenceUseConsent> {
  const request = await readLicenceUseRequest(deps, input.clientId, input.detail);
  if ('refused' in request) throw new AppError('ERR_LICENCE_USE_NOT_GRANTED', request.refused);
  const now = deps.clock.now();
  const lifetimeMs = request.standingDays === null ? ONE_TIME_CONSENT_S * 1000 : request.standingDays * 86_400_000;
  const consent: LicenceUseConsent = {
    id: newId('luc', deps.random), clientId: input.clientId, itemCode: request.item.code, personId: input.personId,
    mode: request.standingDays === null ? 'once' : 'standing', grantedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(), usedAt: null, withdrawnAt: null,
  };
  await deps.records.addConsent(consent);
  await deps.audit.append({
    actor: { id: input.personId, kind: accountKindOfId(input.personId) }, action: 'licence_use.consent', object: consent.id, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { client: input.clientId, item: consent.itemCode, mode: consent.mode, expiresAt: consent.expiresAt },
  });
  return consent;
}
