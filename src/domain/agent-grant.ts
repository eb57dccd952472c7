// Agents of a legal person (法人办事): a citizen the legal representative authorises to act for
// the enterprise, for all of its business or for named service items, until an expiry.
//
// A service item is an app registered with yinxin, named by its client id: acting happens when
// signing in to an app, so the app is what an authorisation can name and what every token
// request can check. `clientIds: null` means all business (every app).

export type ActingRole = 'legal_representative' | 'agent';

export interface AgentGrant {
  id: string;
  legalPersonId: string;
  /** The agent's account id (a citizen). */
  agentId: string;
  /** The apps the agent may act in, or null for all business. */
  clientIds: string[] | null;
  /** The legal representative who granted it. */
  grantedBy: string;
  grantedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** Most apps an authorisation may name, and the longest it may run. */
export const AGENT_GRANT_LIMITS = { maxClientIds: 50, maxDays: 3 * 366 } as const;

/** True while the grant is neither revoked nor expired. */
export function isGrantCurrent(g: AgentGrant, now: Date): boolean {
  return g.revokedAt === null && Date.parse(g.expiresAt) > now.getTime();
}

/** True when the grant lets its agent act now in this app. */
export function grantCovers(g: AgentGrant, clientId: string, now: Date): boolean {
  return isGrantCurrent(g, now) && (g.clientIds === null || g.clientIds.includes(clientId));
}
