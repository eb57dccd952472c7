// Decide whether the caller may search and export the audit log and see its status: the
// administrator holding the `audit` duty (the audit administrator of 三权分立), checked exactly as
// every other administrative duty (authorizeAdminDuty: admin scope, an active staff member with
// the role, an open sign-in session with a recent one-time password). Refusals are audited.
import type { StaffRole } from '../../domain/account.ts';
import { roleFor } from '../../domain/admin-duties.ts';
import { authorizeAdminDuty } from '../apps/authorize-app-admin.ts';
import type { AdminAuthDeps, ApiCaller } from '../apps/authorize-app-admin.ts';

/** The one staff role that reads the audit log. */
export const AUDIT_ROLE: StaffRole = roleFor('audit');

/** Who searched: recorded with every search and export. */
export interface Auditor {
  id: string;
  kind: 'staff';
  clientIp: string | null;
  requestId: string | null;
}

export function authorizeAuditor(
  deps: AdminAuthDeps,
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<Auditor> {
  return authorizeAdminDuty(deps, caller, ctx, 'audit');
}
