// An issuing department's licences, for its licence issuers: by identifier, by holder (their
// resident ID number or credit code, looked up through the blind index, never stored in the
// clear), by licence type, by status; newest first, a page at a time.
import type { LicenceStatus } from '../../domain/licence.ts';
import type { LicenceDeps } from './licence-deps.ts';
import { licenceView } from './licence-view.ts';
import type { LicenceView } from './licence-view.ts';

export interface IssuedLicenceSearch {
  readonly identifier?: string;
  /** The holder's resident ID number or unified social credit code. */
  readonly holder?: string;
  readonly typeCode?: string;
  readonly status?: LicenceStatus;
  readonly limit: number;
  readonly offset: number;
}

export async function listIssuedLicences(deps: LicenceDeps, issuerCode: string, q: IssuedLicenceSearch): Promise<{ licences: LicenceView[]; total: number }> {
  const holder = q.holder?.trim().toUpperCase();
  // The number alone does not say whose kind it is: the keys of both kinds are asked for.
  const holderKeys = holder ? await Promise.all([deps.holderIndex.keyFor('citizen', holder), deps.holderIndex.keyFor('legal_person', holder)]) : undefined;
  const { licences, total } = await deps.store.listByIssuer(issuerCode, {
    limit: q.limit, offset: q.offset,
    ...(q.identifier ? { identifier: q.identifier.trim() } : {}), ...(holderKeys ? { holderKeys } : {}),
    ...(q.typeCode ? { typeCode: q.typeCode } : {}), ...(q.status ? { status: q.status } : {}),
  });
  return { licences: await Promise.all(licences.map((l) => licenceView(deps, l))), total };
}
