// List the shares of one of a holder's licences, each with who looked at it and when.
// Steps: the licence must be the holder's → its shares, newest first → for each, whether it can
// still be used and its access log.
import { shareUnusable } from '../../domain/licence-share.ts';
import type { LicenceShare, ShareAccess } from '../../domain/licence-share.ts';
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { holdersLicence } from './read-holder-licence.ts';

export interface ShareSummary {
  readonly id: string;
  readonly code: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly singleUse: boolean;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  /** `active`, or why it can no longer be used. */
  readonly state: 'active' | 'revoked' | 'expired' | 'used';
  readonly accesses: readonly Omit<ShareAccess, 'shareId'>[];
}

/** A share as its holder sees it (the link token is never shown again). */
export async function shareSummary(deps: Pick<LicenceDeps, 'shares' | 'clock'>, s: LicenceShare): Promise<ShareSummary> {
  const accesses = (await deps.shares.accesses(s.id)).map(({ shareId: _, ...a }) => a);
  return {
    id: s.id, code: s.code, fields: s.fields, purpose: s.purpose, singleUse: s.singleUse, createdAt: s.createdAt, expiresAt: s.expiresAt,
    revokedAt: s.revokedAt, state: shareUnusable(s, deps.clock.now()) ?? 'active', accesses,
  };
}

export async function listLicenceShares(deps: LicenceDeps, holder: LicenceHolderActor, licenceId: string): Promise<ShareSummary[]> {
  const licence = await holdersLicence(deps, holder, licenceId);
  return Promise.all((await deps.shares.listByLicence(licence.id)).map((s) => shareSummary(deps, s)));
}
