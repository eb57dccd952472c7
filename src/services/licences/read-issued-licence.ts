// Read a licence for its issuing department: the version, its status now, its history, the
// version that replaced it, and its data.
// Steps: find the version → it must be the caller's department's (else ERR_LICENCE_OTHER_ISSUER)
// → status now, history, successor → the signed data from the stored content.
import type { LicenceEvent } from '../../domain/licence.ts';
import type { LicenceData } from '../../domain/licence-template.ts';
import { invalidField, readLicenceContent } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';
import { licenceView } from './licence-view.ts';
import type { LicenceView } from './licence-view.ts';

export interface IssuedLicenceDetails {
  readonly licence: LicenceView;
  readonly history: readonly LicenceEvent[];
  readonly successorId: string | null;
  readonly data: LicenceData;
}

/** The licence version, checked to be the issuer's; shared by the staff reads and actions. */
export async function issuersLicence(deps: Pick<LicenceDeps, 'store'>, issuerCode: string, licenceId: string) {
  const licence = await deps.store.findById(licenceId);
  if (licence === null) throw invalidField('licenceId', 'not_found', 'no such licence', 'ERR_NOT_FOUND');
  if (licence.issuerCode !== issuerCode) throw invalidField('licenceId', 'other_issuer', 'this licence was issued by another department', 'ERR_LICENCE_OTHER_ISSUER');
  return licence;
}

export async function readIssuedLicence(deps: LicenceDeps, issuerCode: string, licenceId: string): Promise<IssuedLicenceDetails> {
  const licence = await issuersLicence(deps, issuerCode, licenceId);
  const [view, history, successor, content] = await Promise.all([
    licenceView(deps, licence), deps.store.events(licence.id), deps.store.findSuccessor(licence.id), readLicenceContent(deps.store, licence.id),
  ]);
  return { licence: view, history, successorId: successor?.id ?? null, data: content.data };
}
