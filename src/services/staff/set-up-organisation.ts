// Make a fresh deployment ready for its operator: the organisation's root department and its
// first administrator. Without them nobody can sign in to the administration pages, and the
// department API (which creates everything else) needs an administrator.
// Steps: check the fields (the credit code's check character included) → what exists: a root
// department, administrators → create the root department when there is none → create the first
// administrator (FIRST_ADMIN_ROLES, in the root department) when there is none, with
// an initial password to be replaced at the first sign-in, where a one-time password is enrolled
// too (finish-sign-in.ts holds every administrator for one) → audit the run, also when nothing
// was created. A second run changes nothing and returns what exists.
import { isAdminRole, isValidPhone } from '../../domain/account.ts';
import type { StaffRole } from '../../domain/account.ts';
import { creditCodeCheckChar, isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import type { Department } from '../../domain/department.ts';
import { addDepartment } from './add-department.ts';
import { createStaff } from './create-staff.ts';
import { auditActor, invalid, staffSummary } from './staff-deps.ts';
import type { FieldIssue, StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import { STAFF_NUMBER } from './staff-fields.ts';

/**
 * The first administrator's roles: system administrator (to add the staff who will hold the other
 * roles) and security administrator (to grant them). Separation of duties is reached once a second
 * security administrator takes one of the two away (docs/operator.md).
 */
export const FIRST_ADMIN_ROLES: readonly StaffRole[] = ['system_admin', 'security_admin'];

/** The id the root department gets when setup creates it. */
export const ROOT_DEPARTMENT_ID = 'root';

export interface OrganisationInput {
  orgName: string;
  creditCode: string;
  admin: { staffNumber: string; name: string; phone: string | null };
  /** The operator's choice of initial password; generated when absent. */
  initialPassword?: string;
}

export interface OrganisationState {
  root: Department | null;
  admins: StaffSummary[];
}

export interface SetupOutcome extends OrganisationState {
  root: Department;
  createdDepartment: boolean;
  /** The administrator this run created, with the initial password shown this once. */
  createdAdmin: { staff: StaffSummary; initialPassword: string } | null;
}

const ADMIN_PAGE = 200;

/** The root department and the administrators that exist. */
export async function organisationState(deps: Pick<StaffDeps, 'accounts' | 'directory'>): Promise<OrganisationState> {
  const departments = await deps.accounts.departments();
  const root = departments.find((d) => d.parentId === null) ?? null;
  const admins: StaffSummary[] = [];
  const byId = new Map(departments.map((d) => [d.id, d]));
  // Staff lists are paged; setup runs once, so walking them all is fine.
  for (let offset = 0; ; offset += ADMIN_PAGE) {
    const { accounts, total } = await deps.directory.listStaff({ limit: ADMIN_PAGE, offset });
    for (const a of accounts) {
      if (a.status === 'active' && a.staff?.roles.some(isAdminRole)) {
        admins.push(staffSummary(a, byId));
      }
    }
    if (offset + ADMIN_PAGE >= total) break;
  }
  return { root, admins };
}

/**
 * The field issues of the input; empty when it is fine. Only what is still to be created is
 * checked: the organisation's fields when there is no root department, the administrator's when
 * there is no administrator.
 */
export function organisationIssues(input: OrganisationInput, need: { org: boolean; admin: boolean } = { org: true, admin: true }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (need.org) {
    const name = input.orgName.trim();
    if (!name || [...name].length > 64) issues.push({ path: ['orgName'], code: 'invalid_length', message: '1–64 characters' });
    const code = normalizeCreditCode(input.creditCode);
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
      issues.push({ path: ['creditCode'], code: 'invalid_format', message: '18 characters: digits and capital letters other than I, O, S, V, Z' });
    } else if (!isValidCreditCode(code)) {
      issues.push({ path: ['creditCode'], code: 'bad_check_character', message: `the check character does not match (expected ${creditCodeCheckChar(code.slice(0, 17)) ?? '?'})` });
    }
  }
  if (need.admin) {
    if (!STAFF_NUMBER.test(input.admin.staffNumber)) issues.push({ path: ['admin', 'staffNumber'], code: 'invalid_format', message: '1–32 letters, digits or dashes' });
    const adminName = input.admin.name.trim();
    if (!adminName || [...adminName].length > 64) issues.push({ path: ['admin', 'name'], code: 'invalid_length', message: '1–64 characters' });
    if (input.admin.phone !== null && !isValidPhone(input.admin.phone)) issues.push({ path: ['admin', 'phone'], code: 'invalid_format', message: 'an 11-digit mobile number' });
    if (input.initialPassword !== undefined && input.initialPassword.length < 8) issues.push({ path: ['initialPassword'], code: 'too_short', message: 'at least 8 characters' });
  }
  return issues;
}

/** True when the organisation has its root department and an administrator: setup is done. */
export const isSetUp = (s: OrganisationState) => s.root !== null && s.admins.length > 0;

/** `input` may be null when the organisation is set up already (a rerun with nothing to add). */
export async function setUpOrganisation(deps: StaffDeps, input: OrganisationInput | null, actor: StaffActor): Promise<SetupOutcome> {
  const before = await organisationState(deps);
  const need = { org: before.root === null, admin: before.admins.length === 0 };
  if (need.org || need.admin) {
    if (input === null) throw invalid({ path: need.org ? ['orgName'] : ['admin'], code: 'required', message: 'the organisation and its first administrator are needed' });
    const issues = organisationIssues(input, need);
    if (issues.length) throw invalid(...issues);
  }
  const root = before.root ?? await addDepartment(deps, {
    id: ROOT_DEPARTMENT_ID, parentId: null, name: (input as OrganisationInput).orgName.trim(), kind: 'city', creditCode: normalizeCreditCode((input as OrganisationInput).creditCode),
  }, actor);
  let createdAdmin: SetupOutcome['createdAdmin'] = null;
  if (need.admin) {
    const i = input as OrganisationInput;
    const out = await createStaff(deps, {
      staffNumber: i.admin.staffNumber, name: i.admin.name.trim(), departmentId: root.id, positions: [], roles: [...FIRST_ADMIN_ROLES], phone: i.admin.phone,
    }, actor, { issuePassword: true, ...(i.initialPassword !== undefined ? { initialPassword: i.initialPassword } : {}) });
    createdAdmin = { staff: out.staff, initialPassword: out.initialPassword as string };
  }
  await deps.audit.append({
    ...auditActor(actor), action: 'admin.setup', object: root.id, outcome: 'success',
    details: { createdDepartment: need.org, createdAdmin: createdAdmin?.staff.staffNumber ?? null, existingAdmins: before.admins.map((a) => a.staffNumber) },
  });
  return { root, createdDepartment: need.org, createdAdmin, admins: createdAdmin ? [createdAdmin.staff] : before.admins };
}
