// The legal representative withdraws an agent's authorisation.
// Steps: the caller is the current legal representative → the grant is this legal person's
// (another's is "not found") → mark it revoked (once; a second time is a conflict) → audit. The
// agent's next sign-in or token refresh for the enterprise is refused from then on.
import type { AgentGrant } from '../../domain/agent-grant.ts';
import { AppError } from '../../domain/errors.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { ActingDeps, ActingRequest } from './acting-deps.ts';
import { authorizeRepresentative } from './authorize-representative.ts';

export async function revokeAgent(
  deps: ActingDeps, caller: ApiCaller | null, legalPersonId: string, grantId: string, req: ActingRequest,
): Promise<AgentGrant> {
  const { representative, legalPerson } = await authorizeRepresentative(deps, caller, legalPersonId, req);
  const grant = await deps.agents.findById(grantId);
  if (!grant || grant.legalPersonId !== legalPerson.id) throw new AppError('ERR_NOT_FOUND', 'no such agent grant');
  const at = deps.clock.now().toISOString();
  if (!(await deps.agents.revoke(grant.id, representative.id, at))) throw new AppError('ERR_CONFLICT', 'the grant was revoked already');
  await deps.audit.append({
    actor: { id: representative.id, kind: 'citizen' }, action: 'agent.revoke', object: grant.id, outcome: 'success',
    clientIp: req.clientIp, requestId: req.requestId, details: { legalPersonId: legalPerson.id, agentId: grant.agentId },
  });
  return { ...grant, revokedAt: at, revokedBy: representative.id };
}
