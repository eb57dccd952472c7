// Create a staff account with a one-time initial password.
// Steps: check the fields against the tree and the position catalogue → the staff number is free
// → make an initial password (bulk imports may leave it to a later reset) → create the account through the shared use case (hashes the
// password, stores it with its login name, audits) → return it with the password, the one time
// it is shown. Staff added by an administrator get business roles only. Administrator roles enrol a one-time password at the first sign-in.
import { isAdminRole } from '../../domain/account.ts';
import { isAppError } from '../../domain/errors.ts';
import { createAccount } from '../identity/create-account.ts';
import { departmentsById, initialPassword, invalid, staffSummary } from './staff-deps.ts';
import type { StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import { staffIssues } from './staff-fields.ts';
import type { StaffFields } from './staff-fields.ts';

const taken = () => invalid({ path: ['staffNumber'], code: 'taken', message: 'a staff member with this number exists' });

export async function createStaff(
  deps: StaffDeps,
  input: StaffFields,
  actor: StaffActor,
  // `initialPassword`: one the operator chose (the first administrator's, from a file), still to be replaced at first sign-in.
  opts: { issuePassword: boolean; initialPassword?: string } = { issuePassword: true },
): Promise<{ staff: StaffSummary; initialPassword: string | null }> {
  const departments = await deps.accounts.departments();
  const issues = staffIssues(input, { departments, positions: await deps.directory.positions() });
  // A system administrator adds staff with business roles; administrative roles come only from a
  // security administrator (set-staff-roles.ts). Operator commands (setup, the CSV command) may.
  if (actor.kind === 'staff') {
    input.roles.forEach((r, i) => {
      if (isAdminRole(r)) issues.push({ path: ['roles', i], code: 'admin_role', message: 'administrative roles are granted by a security administrator' });
    });
  }
  if (issues.length) throw invalid(...issues);
  if (await deps.accounts.findByLogin(`staff:${input.staffNumber}`)) throw taken();
  const password = opts.initialPassword ?? (opts.issuePassword ? initialPassword() : undefined);
  try {
    const account = await createAccount(deps, {
      kind: 'staff', name: input.name, staffNumber: input.staffNumber, departmentId: input.departmentId,
      positions: input.positions, roles: input.roles, phone: input.phone, ...(password ? { password, passwordInitial: true } : {}),
    }, { id: actor.id, kind: actor.kind });
    return { staff: staffSummary(account, await departmentsById(deps.accounts)), initialPassword: password ?? null };
  } catch (e) {
    // Another request took the number between the check and the insert.
    if (isAppError(e, 'ERR_CONFLICT')) throw taken();
    throw e;
  }
}
