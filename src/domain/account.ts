// The three kinds of subject that sign in: citizens, legal persons (acting through their legal
// representative, a citizen) and staff of the city's departments.
import type { AssuranceLevel } from './assurance.ts';

export type AccountKind = 'citizen' | 'legal_person' | 'staff';
export type AccountStatus = 'active' | 'disabled';

/**
 * Staff roles. Business roles: `clerk` uses the seals granted to them; `seal_keeper` administers
 * its department's seals (applies for them, grants their use); `seal_approver` approves seals made
 * for any organisation, and never one it applied for itself; `licence_issuer` issues licences.
 * Administrative roles (三员, separation of duties): see ADMIN_DUTIES in admin-duties.ts for what
 * each may do. Every administrative role needs a one-time password at each sign-in.
 */
export const BUSINESS_ROLES = ['clerk', 'seal_keeper', 'seal_approver', 'licence_issuer'] as const;
/** 系统管理员, 安全管理员, 审计管理员. */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'auditor'] as const;
export const STAFF_ROLES = [...BUSINESS_ROLES, ...ADMIN_ROLES] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** True for one of the three administrative roles. */
export function isAdminRole(role: string): role is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(role);
}

export interface CitizenFacts {
  /** SM4 ciphertext of the resident ID number (base64), sealed under a data key. */
  idNumberSealed: string;
  /**
   * HMAC-SM3 of the normalised ID number under the lookup key (hex): finds without decrypting.
   * Null while the number is only claimed (given at self-registration, not yet real-name checked):
   * an unchecked number signs in as nobody and finds nobody's licences.
   */
  idNumberIndex: string | null;
  /** `110101********1234`, for display and claims when the full number is not permitted. */
  idNumberMasked: string;
}

export interface LegalPersonFacts {
  creditCode: string;
  /** Account id of the legal representative (a citizen). */
  representativeId: string;
}

export interface StaffFacts {
  staffNumber: string;
  departmentId: string;
  positions: string[];
  roles: StaffRole[];
}

export interface Account {
  id: string;
  kind: AccountKind;
  /** Citizen's or staff member's name; a legal person's registered name. */
  name: string;
  phone: string | null;
  assurance: AssuranceLevel;
  status: AccountStatus;
  /** PHC string (`$argon2id$v=19$m=…`), or null for accounts without a password. */
  passwordHash: string | null;
  /** True while the password is one an administrator or an import issued: it must be replaced at the next sign-in with it. */
  passwordInitial?: boolean;
  /** Base32 TOTP secret sealed like the ID number, or null when none is enrolled. */
  totpSealed: string | null;
  citizen: CitizenFacts | null;
  legalPerson: LegalPersonFacts | null;
  staff: StaffFacts | null;
  createdAt: string;
}

/** True for staff holding an administrative role (a one-time password at every sign-in). */
export function isAdmin(account: Account): boolean {
  return account.staff?.roles.some(isAdminRole) ?? false;
}

/**
 * True for accounts that may enrol an authenticator app: every staff member. Administrators must
 * use it at each sign-in; other staff use it when an app asks for the step (a seal's use). A grant
 * of a seal can come at any time, and the grant is checked at each use anyway, so enrolment is
 * not tied to holding one.
 */
export function mayUseTotp(account: Account): boolean {
  return account.kind === 'staff' && account.staff !== null;
}

/** Mainland mobile numbers: 11 digits starting with 1. */
export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

/**
 * The names an account signs in with, each prefixed by its kind so that they never collide:
 * `phone:`, `idx:` (ID number index), `staff:`, `uscc:` (credit code).
 */
export function loginNamesOf(account: Account): string[] {
  const names: string[] = [];
  if (account.kind === 'citizen' && account.phone) names.push(`phone:${account.phone}`);
  if (account.citizen?.idNumberIndex) names.push(`idx:${account.citizen.idNumberIndex}`);
  if (account.staff) names.push(`staff:${account.staff.staffNumber}`);
  if (account.legalPerson) names.push(`uscc:${account.legalPerson.creditCode}`);
  return names;
}

/** The kind an account id names by its prefix (see newAccountId), for log and audit lines. */
export function accountKindOfId(id: string): AccountKind {
  return id.startsWith('s_') ? 'staff' : id.startsWith('o_') ? 'legal_person' : 'citizen';
}
