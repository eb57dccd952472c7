// Revoke a seal (注销/吊销): final. Signatures made before stay valid; later ones cannot be made.
// Steps: the actor is the seal's administrator, a seal approver or the security administrator → a reason and a revocation
// reason code → active or suspended → revoked, stored with its event and audited → the CRL
// lists the certificate with the matching reason; live grants end with the seal.
import { REVOCATION_REASONS } from '../../domain/seal.ts';
import type { RevocationReason, Seal } from '../../domain/seal.ts';
import { reissueCrlAfterChange } from './crl-after-change.ts';
import { actingAccount, administers, changeStatus, hasRole, holdsSealDuty, invalid, reasonText, refuse, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function revokeSeal(
  deps: SealDeps,
  input: { sealId: string; reason: string; revocationReason?: RevocationReason },
  actor: SealActor,
): Promise<{ seal: Seal; crlIssued: boolean }> {
  const account = await actingAccount(deps, actor);
  const seal = await requireSeal(deps, input?.sealId);
  if (!administers(account, seal) && !hasRole(account, 'seal_approver') && !holdsSealDuty(account)) refuse('ERR_FORBIDDEN', 'not allowed to revoke this seal', { sealId: seal.id });
  const reason = reasonText(input.reason);
  const code = input.revocationReason ?? 'unspecified';
  if (!REVOCATION_REASONS.includes(code)) invalid('revocationReason', `must be one of ${REVOCATION_REASONS.join(', ')}`);
  const updated = await changeStatus(deps, seal, 'revoked', { actor: account, request: actor, reason, revocationReason: code });
  const at = deps.clock.now().toISOString();
  for (const g of await deps.grants.grants({ sealId: seal.id })) if (g.endedAt === null) await deps.grants.endGrant(g.id, at, account.id);
  return { seal: updated, crlIssued: await reissueCrlAfterChange(deps, seal.id) };
}
