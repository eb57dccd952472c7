// What the account pages' own use cases work with: the identity stores, and the provider's view
// of the person's sign-in sessions and consents, and the audit records about them.
import type { AccountSessions } from '../../ports/account-sessions.ts';
import type { AuditSearch } from '../../ports/audit-search.ts';
import type { ConsentedApps } from '../../ports/consented-apps.ts';
import type { IdentityDeps } from './identity-deps.ts';

export interface OwnAccountDeps extends Pick<IdentityDeps, 'accounts' | 'kv' | 'hasher' | 'dataKeys' | 'audit' | 'clock'> {
  sessions: AccountSessions;
  consents: ConsentedApps;
  auditSearch: AuditSearch;
}

/** The signed-in person as a use case sees them: who, the sign-in behind the page, where from. */
export interface OwnCaller {
  accountId: string;
  /** The page's sign-in session (its uid), null when unknown. */
  sessionUid: string | null;
  /** When that sign-in happened (seconds), null when unknown. */
  authTime: number | null;
  clientIp: string | null;
  requestId: string | null;
}
