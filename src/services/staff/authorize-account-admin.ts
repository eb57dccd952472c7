// Decide whether the caller of the staff directory administration may act.
// Steps: a valid yinxin access token for the API (or the admin pages' sign-in) → carrying the
// `admin` scope → issued to a person → an active staff member with the account administrator
// role → whose sign-in session is still open and included a one-time password. Refusals are
// audited; the answer names no reason beyond "unauthenticated" or "forbidden".
import type { AccountStore } from '../../ports/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { authorizeAdminRole } from '../apps/authorize-app-admin.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { StaffActor } from './staff-deps.ts';

export async function authorizeAccountAdmin(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<StaffActor> {
  return authorizeAdminRole(deps, caller, ctx, 'account_admin', 'staff');
}
