// What the legal representative sees: the enterprises they represent, and each one's agents.
// Steps (enterprises): the caller is an active citizen with a live session → the legal persons
// they represent. Steps (agents): the caller is the current legal representative → the grants
// not revoked, each with the agent's name and masked ID number and whether it is still current.
import { isGrantCurrent } from '../../domain/agent-grant.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { ActingDeps, ActingRequest } from './acting-deps.ts';
import { authorizeCitizen, authorizeRepresentative } from './authorize-representative.ts';

export interface AgentSummary {
  id: string;
  agent: { accountId: string; name: string; idNumberMasked: string | null };
  scope: 'all' | string[];
  grantedAt: string;
  expiresAt: string;
  current: boolean;
}

export async function listRepresentedEnterprises(
  deps: Pick<ActingDeps, 'accounts' | 'agents'>, caller: ApiCaller | null,
): Promise<{ id: string; name: string; creditCode: string }[]> {
  const person = await authorizeCitizen(deps, caller);
  const out: { id: string; name: string; creditCode: string }[] = [];
  for (const id of await deps.agents.representedBy(person.id)) {
    const lp = await deps.accounts.findById(id);
    if (lp?.legalPerson && lp.status === 'active') out.push({ id: lp.id, name: lp.name, creditCode: lp.legalPerson.creditCode });
  }
  return out;
}

export async function listAgents(deps: ActingDeps, caller: ApiCaller | null, legalPersonId: string, req: ActingRequest): Promise<AgentSummary[]> {
  const { legalPerson } = await authorizeRepresentative(deps, caller, legalPersonId, req);
  const now = deps.clock.now();
  const out: AgentSummary[] = [];
  for (const g of await deps.agents.listForLegalPerson(legalPerson.id)) {
    const agent = await deps.accounts.findById(g.agentId);
    out.push({
      id: g.id,
      agent: { accountId: g.agentId, name: agent?.name ?? '', idNumberMasked: agent?.citizen?.idNumberMasked ?? null },
      scope: g.clientIds ?? 'all', grantedAt: g.grantedAt, expiresAt: g.expiresAt, current: isGrantCurrent(g, now),
    });
  }
  return out;
}
