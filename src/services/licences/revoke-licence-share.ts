// Revoke a share: from this moment its code and link give SHARE_EXPIRED.
// Steps: the share must exist and be on one of the holder's licences (else "not found") → mark it
// revoked now (revoking twice changes nothing) → audit → the share as the holder now sees it.
import { invalidField } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { shareSummary } from './list-licence-shares.ts';
import type { ShareSummary } from './list-licence-shares.ts';

export async function revokeLicenceShare(deps: LicenceDeps, holder: LicenceHolderActor, shareId: string): Promise<ShareSummary> {
  const share = await deps.shares.findById(shareId);
  if (share === null || !holder.holderKeys.includes(share.holderKey)) throw invalidField('shareId', 'not_found', 'no such share of yours', 'ERR_NOT_FOUND');
  const at = deps.clock.now().toISOString();
  if (await deps.shares.revoke(share.id, at)) {
    await deps.audit.append({ actor: { id: holder.accountId, kind: holder.kind }, action: 'licence.share.revoke', object: share.id, outcome: 'success', details: { licenceId: share.licenceId } });
  }
  return shareSummary(deps, (await deps.shares.findById(share.id)) ?? share);
}
