// Grant a staff member (or the legal person itself) the use of a seal (授权用章).
// Steps: the granter administers the seal or is the security administrator → the seal is active now → the grantee is an active
// account of the seal's own organisation → an optional expiry in the future → no live grant of
// the same seal to the same account exists → store the grant → audit.
import { AppError } from '../../domain/errors.ts';
import { effectiveStatus, grantActive, organisationOf, ownerKey } from '../../domain/seal.ts';
import type { SealGrant } from '../../domain/seal.ts';
import {
  actingAccount, administers, auditActor, holdsSealDuty, invalid, newId, refuse, requestFacts, requireSeal, statusRefusal,
} from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function grantSeal(
  deps: Pick<SealDeps, 'seals' | 'grants' | 'accounts' | 'audit' | 'clock'>,
  input: { sealId: string; accountId: string; expiresAt?: Date | null },
  actor: SealActor,
): Promise<SealGrant> {
  const granter = await actingAccount(deps, actor);
  const seal = await requireSeal(deps, input?.sealId);
  if (!administers(granter, seal) && !holdsSealDuty(granter)) refuse('ERR_FORBIDDEN', "only the seal's administrator may grant its use", { sealId: seal.id });
  const now = deps.clock.now();
  const status = effectiveStatus(seal, now);
  if (status !== 'active') refuse(statusRefusal(status), `a ${status} seal cannot be granted`, { sealId: seal.id });
  const grantee = await deps.accounts.findById(input.accountId);
  if (grantee === null || grantee.status !== 'active') invalid('accountId', 'no such active account');
  const org = organisationOf(grantee);
  if (org === null || ownerKey(org) !== ownerKey(seal.owner)) {
    refuse('ERR_SEAL_OTHER_ORGANISATION', "the grantee does not belong to the seal's organisation", { sealId: seal.id, accountId: grantee.id });
  }
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && (!(expiresAt instanceof Date) || !(expiresAt.getTime() > now.getTime()))) invalid('expiresAt', 'must be a time in the future');
  const live = (await deps.grants.grants({ sealId: seal.id, accountId: grantee.id })).some((g) => grantActive(g, now));
  if (live) throw new AppError('ERR_CONFLICT', 'the account already holds a grant for this seal', { details: { sealId: seal.id, accountId: grantee.id } });

  const grant: SealGrant = {
    id: newId('grant'), sealId: seal.id, accountId: grantee.id, grantedBy: granter.id, grantedAt: now.toISOString(),
    expiresAt: expiresAt?.toISOString() ?? null, endedAt: null, endedBy: null,
  };
  await deps.grants.addGrant(grant);
  await deps.audit.append({
    actor: auditActor(granter), action: 'seal.grant', object: seal.id, outcome: 'success', ...requestFacts(actor),
    details: { grantId: grant.id, accountId: grantee.id, expiresAt: grant.expiresAt },
  });
  return grant;
}
