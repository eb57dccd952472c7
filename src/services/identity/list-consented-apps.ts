// The apps the person has consented to, for the account pages.
// Steps: the provider's grants of the account, one line per app with every scope granted and
// when → yinxin's own pages marked as not withdrawable (withdraw-consent.ts).
import type { ConsentedApp } from '../../ports/consented-apps.ts';
import type { OwnAccountDeps } from './own-account-deps.ts';

export type OwnConsent = ConsentedApp & { withdrawable: boolean };

export async function listConsentedApps(deps: Pick<OwnAccountDeps, 'consents'>, accountId: string, builtin: (clientId: string) => boolean): Promise<OwnConsent[]> {
  return (await deps.consents.list(accountId)).map((a) => ({ ...a, withdrawable: !builtin(a.clientId) }));
}
