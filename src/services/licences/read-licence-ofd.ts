// The sealed OFD of a licence version, for its issuer or its holder (who checked access first).
// Steps: read the OFD blob → a licence issued before OFD files were made has none: ERR_NOT_FOUND
// (its PDF remains the download).
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { licenceBlobKeys } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

export async function readLicenceOfd(deps: Pick<LicenceDeps, 'store'>, licence: LicenceRecord): Promise<{ bytes: Uint8Array; filename: string }> {
  const blob = await deps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).ofd));
  if (blob === null) throw new AppError('ERR_NOT_FOUND', 'this licence has no OFD file (issued before OFD files were made)', { details: { licenceId: licence.id } });
  return { bytes: blob.bytes, filename: `${licence.identifier}.ofd` };
}
