// Grant and take away a staff member's roles: the security administrator's duty alone.
// Steps: find the staff member → no one changes their own roles → the roles are known → at most one
// administrative role per person (separation of duties) → store → audit before and after.
import { isAdminRole } from '../../domain/account.ts';
import type { StaffRole } from '../../domain/account.ts';
import { MAX_ADMIN_ROLES_PER_ACCOUNT } from '../../domain/admin-duties.ts';
import { AppError } from '../../domain/errors.ts';
import { auditActor, departmentsById, existingStaff, invalid, staffSummary } from './staff-deps.ts';
import type { StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import { staffIssues } from './staff-fields.ts';

export async function setStaffRoles(deps: StaffDeps, id: string, roles: StaffRole[], actor: StaffActor): Promise<StaffSummary> {
  const account = await existingStaff(deps.accounts, id);
  if (id === actor.id) throw invalid({ path: ['roles'], code: 'self', message: 'administrators cannot change their own roles' });
  const wanted = [...new Set(roles)];
  if (!wanted.length) throw invalid({ path: ['roles'], code: 'required', message: 'at least one role' });
  const issues = staffIssues({ roles: wanted }, { departments: [], positions: [] });
  if (issues.length) throw invalid(...issues);
  if (wanted.filter(isAdminRole).length > MAX_ADMIN_ROLES_PER_ACCOUNT) {
    throw invalid({ path: ['roles'], code: 'separation_of_duties', message: 'one administrative role per person' });
  }
  const staff = account.staff as NonNullable<typeof account.staff>;
  await deps.directory.updateStaff(id, account.name, { departmentId: staff.departmentId, positions: staff.positions, roles: wanted });
  await deps.audit.append({
    ...auditActor(actor), action: 'staff.roles', object: id, outcome: 'success',
    details: { before: staff.roles, after: wanted },
  });
  const saved = await deps.accounts.findById(id);
  if (!saved) throw new AppError('ERR_NOT_FOUND', 'no such staff member');
  return staffSummary(saved, await departmentsById(deps.accounts));
}
