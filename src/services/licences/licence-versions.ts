// The versions of a licence (版本链): the versions it superseded, back to the first, and those that
// superseded it, each with its status now, oldest first. A change or renewal keeps the holder and
// the issuer, so every version found is the same department's.
import type { LicenceRecord } from '../../domain/licence.ts';
import type { LicenceDeps } from './licence-deps.ts';
import { licenceView } from './licence-view.ts';
import type { LicenceView } from './licence-view.ts';

/** A chain longer than this is not shown whole (a licence changed a hundred times is not expected). */
const MAX_VERSIONS = 100;

export async function licenceVersions(deps: LicenceDeps, licence: LicenceRecord): Promise<LicenceView[]> {
  const chain: LicenceRecord[] = [licence];
  for (let l: LicenceRecord | null = licence; l?.previousId && chain.length < MAX_VERSIONS;) {
    l = await deps.store.findById(l.previousId);
    if (l && l.issuerCode === licence.issuerCode) chain.unshift(l);
    else break;
  }
  for (let l: LicenceRecord | null = licence; l && chain.length < MAX_VERSIONS;) {
    l = await deps.store.findSuccessor(l.id);
    if (l && l.issuerCode === licence.issuerCode) chain.push(l);
    else break;
  }
  return Promise.all(chain.map((l) => licenceView(deps, l)));
}
