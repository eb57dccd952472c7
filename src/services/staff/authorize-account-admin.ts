// Decide whether the caller of the staff directory administration may act.
// Steps: a valid yinxin access token for the API (or the admin pages' sign-in) → carrying the
// `admin` scope → issued to a person → an active staff member holding the duty asked for (the
// directory: system administrator; roles: security administrator; see domain/admin-duties.ts) →
// whose sign-in session is still open and included a recent one-time password. Refusals are
// audited; the answer names no reason beyond "unauthenticated", "forbidden" or "step up".
import type { AdminDuty } from '../../domain/admin-duties.ts';
import { authorizeAdminDuty } from '../apps/authorize-app-admin.ts';
import type { AdminAuthDeps, ApiCaller } from '../apps/authorize-app-admin.ts';
import type { StaffActor } from './staff-deps.ts';

export async function authorizeAccountAdmin(
  deps: AdminAuthDeps,
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
  duty: Extract<AdminDuty, 'departments' | 'staff' | 'roles'> = 'staff',
): Promise<StaffActor> {
  return authorizeAdminDuty(deps, caller, ctx, duty);
}
