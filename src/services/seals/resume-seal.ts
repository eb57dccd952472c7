// Resume a suspended seal (恢复使用). Only a seal approver or the security administrator may: the owner's administrator can
// stop a seal at once, but bringing it back needs the approving authority.
// Steps: the actor is a seal approver or holds the `seals` duty → a reason → suspended → active (not past validEnd),
// stored with its event and audited → the next CRL no longer lists the certificate.
import type { Seal } from '../../domain/seal.ts';
import { reissueCrlAfterChange } from './crl-after-change.ts';
import { actingAccount, changeStatus, hasRole, holdsSealDuty, reasonText, refuse, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function resumeSeal(deps: SealDeps, input: { sealId: string; reason: string }, actor: SealActor): Promise<{ seal: Seal; crlIssued: boolean }> {
  const account = await actingAccount(deps, actor);
  if (!hasRole(account, 'seal_approver') && !holdsSealDuty(account)) refuse('ERR_FORBIDDEN', 'only a seal approver or the security administrator may resume a seal', { accountId: account.id });
  const seal = await requireSeal(deps, input?.sealId);
  const reason = reasonText(input.reason);
  const updated = await changeStatus(deps, seal, 'active', { actor: account, request: actor, reason });
  return { seal: updated, crlIssued: await reissueCrlAfterChange(deps, seal.id) };
}
