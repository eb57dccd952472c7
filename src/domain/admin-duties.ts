// Separation of duties (三权分立, GB/T 22239 level 3): the one table of which administrative role
// may do what. Each administrative page and API asks for a duty; only the role named here holds
// it, so no administrator can do another's work, and none can give themselves another role
// (roles are the security administrator's, who may not change their own).
import type { AdminRole } from './account.ts';

export const ADMIN_DUTIES = {
  /** Register, change, disable and enable apps, rotate their secrets, see their sign-ins. */
  apps: 'system_admin',
  /** The department tree and the position catalogue. */
  departments: 'system_admin',
  /** Add, change, disable, enable staff, issue initial passwords, import staff (business roles only at creation). */
  staff: 'system_admin',
  /** Settings of the service that an administrator changes while it runs. */
  configuration: 'system_admin',
  /** Grant and take away every role, administrative ones included (never one's own). */
  roles: 'security_admin',
  /** Seals' lifecycle: suspend, resume, revoke. */
  seals: 'security_admin',
  /** Key rotation. */
  keys: 'security_admin',
  /** Locked-out accounts and sign-in sessions. */
  sessions: 'security_admin',
  /**
   * Citizens' and legal persons' accounts: find them (masked), disable and enable them, make their
   * password or authenticator unusable so that they prove themselves again (SMS recovery, a new
   * enrolment), end their sessions. Lockouts and credential resets are security administration
   * under GB/T 22239 (identification and authentication, access control), so this is the security
   * administrator's, not the system administrator's who runs the service, nor the auditor's.
   */
  accounts: 'security_admin',
  /** Read-only search and export of the audit log and sign-in events, checkpoint status. */
  audit: 'auditor',
} as const satisfies Record<string, AdminRole>;

export type AdminDuty = keyof typeof ADMIN_DUTIES;

/** The role that holds `duty`. */
export function roleFor(duty: AdminDuty): AdminRole {
  return ADMIN_DUTIES[duty];
}

/** The duties `role` holds, in the table's order (for the pages' navigation and the docs). */
export function dutiesOf(role: AdminRole): AdminDuty[] {
  return (Object.keys(ADMIN_DUTIES) as AdminDuty[]).filter((d) => ADMIN_DUTIES[d] === role);
}

/**
 * How many administrative roles one account may hold: one. The first administrator made by
 * `yinxin setup` holds system_admin and security_admin to create the others, and a second security
 * administrator then takes one away (docs/operator.md).
 */
export const MAX_ADMIN_ROLES_PER_ACCOUNT = 1;
