// Suspend a seal (暂停使用), e.g. while a loss is investigated.
// Steps: the actor is the seal's administrator, a seal approver or the security administrator → a reason → active →
// suspended, stored with its event and audited → the CRL lists the certificate as on hold.
import type { Seal } from '../../domain/seal.ts';
import { reissueCrlAfterChange } from './crl-after-change.ts';
import { actingAccount, administers, changeStatus, hasRole, holdsSealDuty, reasonText, refuse, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function suspendSeal(deps: SealDeps, input: { sealId: string; reason: string }, actor: SealActor): Promise<{ seal: Seal; crlIssued: boolean }> {
  const account = await actingAccount(deps, actor);
  const seal = await requireSeal(deps, input?.sealId);
  if (!administers(account, seal) && !hasRole(account, 'seal_approver') && !holdsSealDuty(account)) refuse('ERR_FORBIDDEN', 'not allowed to suspend this seal', { sealId: seal.id });
  const reason = reasonText(input.reason);
  const updated = await changeStatus(deps, seal, 'suspended', { actor: account, request: actor, reason });
  return { seal: updated, crlIssued: await reissueCrlAfterChange(deps, seal.id) };
}
