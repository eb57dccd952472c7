// Read one of a holder's licences: its status now, its data in full (the holder's own), and the
// fields the holder may choose to disclose in a share.
// Steps: find the version → it must be under one of the holder's keys (otherwise "not found", so
// that nobody learns which licence ids exist) → status now → the signed data.
import { shareableFields } from '../../domain/licence-share.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import type { LicenceData } from '../../domain/licence-template.ts';
import { invalidField, readLicenceContent } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { licenceView } from './licence-view.ts';
import type { LicenceView } from './licence-view.ts';

/** The licence version if it is the holder's; shared by the holder reads and shares. */
export async function holdersLicence(deps: Pick<LicenceDeps, 'store'>, holder: LicenceHolderActor, licenceId: string): Promise<LicenceRecord> {
  const licence = await deps.store.findById(licenceId);
  if (licence === null || !holder.holderKeys.includes(licence.holderKey)) throw invalidField('licenceId', 'not_found', 'no such licence of yours', 'ERR_NOT_FOUND');
  return licence;
}

export interface HolderLicenceDetails {
  readonly licence: LicenceView;
  readonly data: LicenceData;
  readonly fields: readonly { readonly field: string; readonly label: string; readonly disclosure: string; readonly shareable: boolean }[];
}

export async function readHolderLicence(deps: LicenceDeps, holder: LicenceHolderActor, licenceId: string): Promise<HolderLicenceDetails> {
  const licence = await holdersLicence(deps, holder, licenceId);
  const [view, content] = await Promise.all([licenceView(deps, licence), readLicenceContent(deps.store, licence.id)]);
  const def = deps.templates.get(licence.typeCode)?.definition;
  const shareable = new Set(def === undefined ? [] : shareableFields(def));
  const fields = (def?.fields ?? []).map((f) => ({ field: f.name, label: f.label, disclosure: f.disclosure, shareable: shareable.has(f.name) }));
  return { licence: view, data: content.data, fields };
}
