// An app's recent sign-ins, from the audit log: the tokens issued to it for a person, newest first.
// Token issues are audited in groups (audit-group-commit.ts: one chained record holds many events,
// the record itself names no app), so no index finds them by app; the latest records are read
// instead, a bounded window, and their events for this app picked out.
import type { AuditStore } from '../../ports/audit-store.ts';

export interface AppSignIn { time: string; actorId: string | null; actorKind: string; grantType: string | null; clientIp: string | null }

/** The audit store, as far as this reads it. */
export type SignInSource = Pick<AuditStore, 'last' | 'page'>;

/** How many of the latest audit records are looked through. */
export const SIGN_IN_WINDOW = 5000;

interface TokenEvent { at?: string; actorId?: string | null; actorKind?: string; object?: string | null; clientIp?: string | null; details?: { grantType?: string } }

export async function recentSignIns(store: SignInSource, clientId: string, limit = 20): Promise<AppSignIn[]> {
  const last = await store.last();
  if (!last) return [];
  const records = await store.page(Math.max(0, last.seq - SIGN_IN_WINDOW), SIGN_IN_WINDOW);
  const found: AppSignIn[] = [];
  for (const r of records.filter((x) => x.action === 'token.issue').reverse()) {
    const events = (JSON.parse(r.details) as { events?: TokenEvent[] }).events ?? [];
    for (const e of [...events].reverse()) {
      if (e.object !== clientId || e.actorKind === 'client') continue;
      found.push({ time: e.at ?? r.time, actorId: e.actorId ?? null, actorKind: e.actorKind ?? '', grantType: e.details?.grantType ?? null, clientIp: e.clientIp ?? null });
      if (found.length >= limit) return found;
    }
  }
  return found;
}
