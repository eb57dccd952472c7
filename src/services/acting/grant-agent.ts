// The legal representative authorises an agent to act for the legal person (法人办事授权).
// Steps: the caller is the current legal representative → find the agent by resident ID number
// (blind index) or account id → an active citizen other than the representative → the scope:
// all business, or apps that are registered → an expiry in the future and within the limit →
// no current grant for the same agent (revoke it first) → store → audit.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../domain/account.ts';
import { AGENT_GRANT_LIMITS, isGrantCurrent } from '../../domain/agent-grant.ts';
import type { AgentGrant } from '../../domain/agent-grant.ts';
import { AppError } from '../../domain/errors.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import { idNumberIndex } from '../identity/identity-deps.ts';
import type { ActingDeps, ActingRequest } from './acting-deps.ts';
import { authorizeRepresentative } from './authorize-representative.ts';

export interface GrantAgentInput {
  agent: { idNumber: string } | { accountId: string };
  /** `all` for all business, or the client ids of the apps (service items). */
  scope: 'all' | string[];
  expiresAt: string;
}

function invalid(field: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], message: why }] } });
}

async function findAgent(deps: Pick<ActingDeps, 'accounts' | 'dataKeys'>, agent: GrantAgentInput['agent']): Promise<Account> {
  let found: Account | null;
  if ('idNumber' in agent) {
    const n = normalizeResidentId(agent.idNumber);
    if (!isValidResidentId(n)) throw invalid('agent.idNumber', 'not a valid resident ID number');
    found = await deps.accounts.findByLogin(`idx:${await idNumberIndex(deps.dataKeys, n)}`);
  } else {
    found = await deps.accounts.findById(agent.accountId);
  }
  if (!found || found.kind !== 'citizen' || found.status !== 'active') throw new AppError('ERR_NOT_FOUND', 'no such citizen to authorise');
  return found;
}

export async function grantAgent(
  deps: ActingDeps, caller: ApiCaller | null, legalPersonId: string, input: GrantAgentInput, req: ActingRequest,
): Promise<AgentGrant> {
  const { representative, legalPerson } = await authorizeRepresentative(deps, caller, legalPersonId, req);
  const agent = await findAgent(deps, input.agent);
  if (agent.id === representative.id) throw invalid('agent', 'the legal representative acts for the enterprise already');
  const clientIds = input.scope === 'all' ? null : [...new Set(input.scope)];
  if (clientIds) {
    if (clientIds.length === 0 || clientIds.length > AGENT_GRANT_LIMITS.maxClientIds) throw invalid('scope', `must name 1–${AGENT_GRANT_LIMITS.maxClientIds} apps`);
    for (const clientId of clientIds) {
      if (!(await deps.apps.find(clientId))) throw invalid('scope', `no registered app ${clientId}`);
    }
  }
  const now = deps.clock.now();
  const expires = Date.parse(input.expiresAt);
  if (Number.isNaN(expires) || expires <= now.getTime()) throw invalid('expiresAt', 'must be a time in the future');
  if (expires > now.getTime() + AGENT_GRANT_LIMITS.maxDays * 86_400_000) throw invalid('expiresAt', `must be within ${AGENT_GRANT_LIMITS.maxDays} days`);
  const current = (await deps.agents.listForLegalPerson(legalPerson.id)).filter((g) => g.agentId === agent.id && isGrantCurrent(g, now));
  if (current.length) throw new AppError('ERR_CONFLICT', 'this citizen is an agent already; revoke that grant first');

  const grant: AgentGrant = {
    id: `ag_${randomBytes(16).toString('base64url')}`, legalPersonId: legalPerson.id, agentId: agent.id, clientIds,
    grantedBy: representative.id, grantedAt: now.toISOString(), expiresAt: new Date(expires).toISOString(), revokedAt: null, revokedBy: null,
  };
  await deps.agents.add(grant);
  await deps.audit.append({
    actor: { id: representative.id, kind: 'citizen' }, action: 'agent.grant', object: grant.id, outcome: 'success',
    clientIp: req.clientIp, requestId: req.requestId,
    details: { legalPersonId: legalPerson.id, agentId: agent.id, scope: clientIds ?? 'all', expiresAt: grant.expiresAt },
  });
  return grant;
}
