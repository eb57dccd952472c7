// What a holder sees of the use of their licences (用证记录): every retrieval (which system,
// which service item, which fields, when, under their consent or which legal basis and case),
// and their consents with whether each is still in force; and withdrawing a consent.
// Steps (list): the uses under the holder's keys, newest first → the consents the person gave →
// each named with the app's and the item's names. Steps (withdraw): the consent is the person's
// (else "not found") → withdrawn now, if it was not already → audit.
import { accountKindOfId } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { consentState } from '../../domain/licence-use.ts';
import type { LicenceUse, LicenceUseConsent } from '../../domain/licence-use.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';

export interface UseView extends Omit<LicenceUse, 'holderKey'> {
  readonly appName: string;
  readonly itemName: string;
}

export interface ConsentView extends LicenceUseConsent {
  readonly appName: string;
  readonly itemName: string;
  readonly state: ReturnType<typeof consentState>;
}

const USES_SHOWN = 200;

export async function listLicenceUses(
  deps: LicenceUseDeps, holder: { accountId: string; holderKeys: readonly string[] },
): Promise<{ uses: UseView[]; consents: ConsentView[] }> {
  const [uses, consents] = await Promise.all([deps.records.usesOf(holder.holderKeys, USES_SHOWN), deps.records.consentsOf(holder.accountId)]);
  const apps = new Map<string, Promise<string>>();
  const items = new Map<string, Promise<string>>();
  const appName = (id: string) => apps.get(id) ?? apps.set(id, deps.apps.find(id).then((a) => String(a?.metadata.client_name ?? id))).get(id) as Promise<string>;
  const itemName = (code: string) => items.get(code) ?? items.set(code, deps.items.findItem(code).then((i) => i?.name ?? code)).get(code) as Promise<string>;
  const now = deps.clock.now();
  return {
    uses: await Promise.all(uses.map(async ({ holderKey: _key, ...u }) => ({ ...u, appName: await appName(u.clientId), itemName: await itemName(u.itemCode) }))),
    consents: await Promise.all(consents.map(async (c) => ({ ...c, appName: await appName(c.clientId), itemName: await itemName(c.itemCode), state: consentState(c, now) }))),
  };
}

export async function withdrawLicenceUseConsent(
  deps: LicenceUseDeps, personId: string, consentId: string, ctx: { clientIp: string | null; requestId: string | null },
): Promise<LicenceUseConsent> {
  const consent = await deps.records.findConsent(consentId);
  if (!consent || consent.personId !== personId) throw new AppError('ERR_NOT_FOUND', 'no such consent of yours');
  const at = deps.clock.now().toISOString();
  const withdrawn = await deps.records.withdraw(consentId, at);
  if (withdrawn) {
    await deps.audit.append({
      actor: { id: personId, kind: accountKindOfId(personId) }, action: 'licence_use.consent.withdraw', object: consentId, outcome: 'success',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { client: consent.clientId, item: consent.itemCode },
    });
  }
  return (await deps.records.findConsent(consentId)) ?? consent;
}
