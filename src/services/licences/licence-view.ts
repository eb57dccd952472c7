// How a licence version is described to its issuer and its holder: the record's public facts
// and its status now (a lapsed validity counts as expired even before the sweep records it).
import { LICENCE_STATUS_CODES, LICENCE_STATUS_NAMES, statusAt } from '../../domain/licence.ts';
import type { LicenceRecord, LicenceStatus } from '../../domain/licence.ts';
import { verificationUrl } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

export interface LicenceView {
  readonly id: string;
  readonly identifier: string;
  readonly typeCode: string;
  readonly typeName: string | null;
  readonly issuer: { readonly code: string; readonly name: string };
  readonly holderKind: LicenceRecord['holderKind'];
  readonly holderNameMasked: string;
  readonly version: number;
  readonly previousId: string | null;
  readonly status: string;
  readonly statusCode: string | null;
  readonly statusName: string | null;
  readonly validNow: boolean;
  readonly issuedAt: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly verificationUrl: string;
}

/** The view of one licence version at the deps' clock. */
export async function licenceView(deps: Pick<LicenceDeps, 'store' | 'clock' | 'templates' | 'publicUrl'>, l: LicenceRecord): Promise<LicenceView> {
  const now = statusAt(l, await deps.store.events(l.id), deps.clock.now());
  const known = now.status in LICENCE_STATUS_CODES ? (now.status as LicenceStatus) : null;
  return {
    id: l.id, identifier: l.identifier, typeCode: l.typeCode, typeName: deps.templates.get(l.typeCode)?.definition.name ?? null,
    issuer: { code: l.issuerCode, name: l.issuerName }, holderKind: l.holderKind, holderNameMasked: l.holderNameMasked,
    version: l.version, previousId: l.previousId, status: now.status, statusCode: now.code,
    statusName: known === null ? null : LICENCE_STATUS_NAMES[known], validNow: now.valid,
    issuedAt: l.issuedAt, validFrom: l.validFrom, validUntil: l.validUntil, verificationUrl: verificationUrl(deps.publicUrl, l.handle),
  };
}
