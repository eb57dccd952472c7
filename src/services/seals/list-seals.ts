// The seals a person may see in the registry (印章列表).
// Steps: the caller is an active account → the seals of the caller's own organisation (a
// department's staff see their department's, a legal person its own) → for a seal approver, also
// every seal awaiting approval, whoever applied; for the security administrator, every seal → each with whether the caller holds a live grant.
import { grantActive, organisationOf } from '../../domain/seal.ts';
import type { Seal } from '../../domain/seal.ts';
import { actingAccount, hasRole, holdsSealDuty } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export interface ListedSeal {
  seal: Seal;
  /** True when the caller holds a live grant to use it. */
  granted: boolean;
}

export async function listSeals(deps: Pick<SealDeps, 'seals' | 'grants' | 'accounts' | 'clock'>, actor: SealActor): Promise<ListedSeal[]> {
  const account = await actingAccount(deps, actor);
  const org = organisationOf(account);
  const own = org === null ? [] : await deps.seals.list({ ownerKind: org.kind, ownerId: org.id });
  const pending = hasRole(account, 'seal_approver') ? await deps.seals.list({ statuses: ['pending'] }) : [];
  // The security administrator looks after every seal's lifecycle, so sees them all.
  const every = holdsSealDuty(account) ? await deps.seals.list({}, 10_000) : [];
  const byId = new Map<string, Seal>();
  for (const s of [...own, ...pending, ...every]) byId.set(s.id, s);
  const now = deps.clock.now();
  const live = new Set((await deps.grants.grants({ accountId: account.id })).filter((g) => grantActive(g, now)).map((g) => g.sealId));
  return [...byId.values()].map((seal) => ({ seal, granted: live.has(seal.id) }));
}
