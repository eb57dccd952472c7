// The person's open sign-in sessions for the account pages.
// Steps: the provider's sessions of the account (device and address where noted, the address's
// host hidden as in the sign-in history) → the one the page was reached with marked as current
// → the rest, the most recently active first.
import { maskIp } from '../../domain/masking.ts';
import type { ActiveSession } from '../../ports/account-sessions.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';

export type OwnSession = Omit<ActiveSession, 'uid'> & { current: boolean };

export async function listOwnSessions(deps: Pick<OwnAccountDeps, 'sessions'>, who: Pick<OwnCaller, 'accountId' | 'sessionUid'>): Promise<OwnSession[]> {
  const sessions = await deps.sessions.list(who.accountId);
  const out = sessions.map(({ uid, device, ...s }) => ({
    ...s, device: device && { ...device, ip: maskIp(device.ip) }, current: who.sessionUid !== null && uid === who.sessionUid,
  }));
  return [...out.filter((s) => s.current), ...out.filter((s) => !s.current)];
}
