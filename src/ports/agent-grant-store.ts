import type { AgentGrant } from '../domain/agent-grant.ts';

export type { AgentGrant };

/** Agents of legal persons, and which legal persons a citizen represents. */
export interface AgentGrantStore {
  /**
   * Insert a grant; ERR_CONFLICT when the id exists or the agent still holds an unrevoked,
   * unexpired grant from the same legal person (decided by the store, so racing grants cannot both pass).
   */
  add(grant: AgentGrant): Promise<void>;
  /** The grant, or null. */
  findById(id: string): Promise<AgentGrant | null>;
  /** The legal person's grants that are not revoked (expired ones included), oldest first. */
  listForLegalPerson(legalPersonId: string): Promise<AgentGrant[]>;
  /** The agent's grants that are not revoked (expired ones included), oldest first. */
  listForAgent(agentId: string): Promise<AgentGrant[]>;
  /** Mark a grant revoked; false when it does not exist or was revoked already. */
  revoke(id: string, revokedBy: string, at: string): Promise<boolean>;
  /** Ids of the legal persons whose legal representative is this citizen. */
  representedBy(citizenId: string): Promise<string[]>;
}
