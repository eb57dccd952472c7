// List a holder's licences (我的证照) with their status now.
// Steps: the licences under each of the holder's index keys, newest first → each with its status
// now. Superseded versions are listed too, so the holder sees the history of a changed licence.
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { licenceView } from './licence-view.ts';
import type { LicenceView } from './licence-view.ts';

export async function listHolderLicences(deps: LicenceDeps, holder: LicenceHolderActor): Promise<LicenceView[]> {
  const lists = await Promise.all(holder.holderKeys.map((k) => deps.store.listByHolder(k)));
  const licences = lists.flat().sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0));
  return Promise.all(licences.map((l) => licenceView(deps, l)));
}
