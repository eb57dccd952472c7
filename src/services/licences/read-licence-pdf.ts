// The sealed PDF of a licence version, for its issuer or its holder (who checked access first).
// Steps: read the PDF blob → a missing PDF for an existing licence is an internal fault.
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { licenceBlobKeys } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

export async function readLicencePdf(deps: Pick<LicenceDeps, 'store'>, licence: LicenceRecord): Promise<{ bytes: Uint8Array; filename: string }> {
  const blob = await deps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf));
  if (blob === null) throw new AppError('ERR_INTERNAL', 'a licence\'s PDF is missing', { details: { licenceId: licence.id } });
  return { bytes: blob.bytes, filename: `${licence.identifier}.pdf` };
}
