// One seal as its organisation, or an approver, sees it (印章详情).
// Steps: the caller is an active account → the seal exists → it belongs to the caller's
// organisation, or the caller is a seal approver (who must see what they approve) or the security
// administrator (who suspends, resumes and revokes any seal) → its history, whether the caller
// holds a live grant, and for the seal's administrator or the security administrator the grants.
import { grantActive, organisationOf, ownerKey } from '../../domain/seal.ts';
import type { Seal, SealEvent, SealGrant } from '../../domain/seal.ts';
import { actingAccount, administers, hasRole, holdsSealDuty, refuse, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export interface SealDetail {
  seal: Seal;
  events: SealEvent[];
  granted: boolean;
  /** Every grant of the seal, ended ones included; null unless the caller administers the seal. */
  grants: SealGrant[] | null;
}

export async function readSeal(deps: Pick<SealDeps, 'seals' | 'grants' | 'accounts' | 'clock'>, input: { sealId: string }, actor: SealActor): Promise<SealDetail> {
  const account = await actingAccount(deps, actor);
  const seal = await requireSeal(deps, input?.sealId);
  const org = organisationOf(account);
  const own = org !== null && ownerKey(org) === ownerKey(seal.owner);
  if (!own && !hasRole(account, 'seal_approver') && !holdsSealDuty(account)) refuse('ERR_SEAL_OTHER_ORGANISATION', 'the seal belongs to another organisation', { sealId: seal.id });
  const now = deps.clock.now();
  const all = await deps.grants.grants({ sealId: seal.id });
  return {
    seal,
    events: await deps.seals.events(seal.id),
    granted: all.some((g) => g.accountId === account.id && grantActive(g, now)),
    grants: administers(account, seal) || holdsSealDuty(account) ? all : null,
  };
}
