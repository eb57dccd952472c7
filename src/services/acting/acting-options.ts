// The enterprises a person may act for in an app (法人办事).
// Steps: only an active citizen acts for anyone → the active legal persons whose legal
// representative they are (role legal_representative) → the legal persons whose current agent
// grant covers this app (role agent), past expiry, revoked or other-app grants left out → one
// entry per enterprise, the legal representative's role first.
import { grantCovers } from '../../domain/agent-grant.ts';
import type { ActingDeps, ActingOption } from './acting-deps.ts';

export async function actingOptions(deps: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>, personId: string, clientId: string): Promise<ActingOption[]> {
  const person = await deps.accounts.findById(personId);
  if (!person || person.kind !== 'citizen' || person.status !== 'active') return [];
  const now = deps.clock.now();
  const options: ActingOption[] = [];
  const add = async (legalPersonId: string, role: ActingOption['role']) => {
    if (options.some((o) => o.legalPersonId === legalPersonId)) return;
    const lp = await deps.accounts.findById(legalPersonId);
    if (!lp?.legalPerson || lp.status !== 'active') return;
    // An agent acts only while the one who granted is still the legal representative.
    if (role === 'legal_representative' && lp.legalPerson.representativeId !== personId) return;
    options.push({ legalPersonId: lp.id, creditCode: lp.legalPerson.creditCode, name: lp.name, role });
  };
  for (const id of await deps.agents.representedBy(personId)) await add(id, 'legal_representative');
  for (const g of await deps.agents.listForAgent(personId)) {
    if (!grantCovers(g, clientId, now)) continue;
    const lp = await deps.accounts.findById(g.legalPersonId);
    if (lp?.legalPerson?.representativeId !== g.grantedBy) continue;
    await add(g.legalPersonId, 'agent');
  }
  return options;
}

/** The option for this enterprise if the person may act for it in this app now, else null. */
export async function actingFor(
  deps: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>, personId: string, legalPersonId: string, clientId: string,
): Promise<ActingOption | null> {
  return (await actingOptions(deps, personId, clientId)).find((o) => o.legalPersonId === legalPersonId) ?? null;
}
