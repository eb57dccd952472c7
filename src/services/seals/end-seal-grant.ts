// End a grant before its expiry (收回授权).
// Steps: the grant exists → the actor administers its seal or is the security administrator → mark it ended now (once) → audit.
import { actingAccount, administers, auditActor, holdsSealDuty, refuse, requestFacts, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function endSealGrant(
  deps: Pick<SealDeps, 'seals' | 'grants' | 'accounts' | 'audit' | 'clock'>,
  input: { grantId: string },
  actor: SealActor,
): Promise<{ ended: boolean }> {
  const account = await actingAccount(deps, actor);
  const grant = await deps.grants.findGrant(input?.grantId);
  if (grant === null) refuse('ERR_NOT_FOUND', 'no such grant', { grantId: input?.grantId });
  const seal = await requireSeal(deps, grant.sealId);
  if (!administers(account, seal) && !holdsSealDuty(account)) refuse('ERR_FORBIDDEN', "only the seal's administrator may end a grant", { sealId: seal.id });
  const ended = await deps.grants.endGrant(grant.id, deps.clock.now().toISOString(), account.id);
  await deps.audit.append({
    actor: auditActor(account), action: 'seal.grant.end', object: seal.id, outcome: 'success', ...requestFacts(actor),
    details: { grantId: grant.id, accountId: grant.accountId, alreadyEnded: !ended },
  });
  return { ended };
}
