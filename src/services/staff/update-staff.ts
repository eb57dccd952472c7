// Change a staff member's name, department, positions or roles.
// Steps: find the staff member → administrators cannot change their own roles (no one raises
// themselves to another administrator role) → check the changed fields → store → audit the changed fields
// (roles and department by value, the name only as changed).
import { AppError } from '../../domain/errors.ts';
import type { StaffRole } from '../../domain/account.ts';
import { auditActor, departmentsById, existingStaff, invalid, staffSummary } from './staff-deps.ts';
import type { StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import { staffIssues } from './staff-fields.ts';

export interface StaffChange {
  name?: string;
  departmentId?: string;
  positions?: string[];
  roles?: StaffRole[];
}

export async function updateStaff(deps: StaffDeps, id: string, change: StaffChange, actor: StaffActor): Promise<StaffSummary> {
  if (!Object.values(change).some((v) => v !== undefined)) throw invalid({ path: [], code: 'empty', message: 'nothing to change' });
  const account = await existingStaff(deps.accounts, id);
  if (change.roles && id === actor.id) throw invalid({ path: ['roles'], code: 'self', message: 'administrators cannot change their own roles' });
  const issues = staffIssues(change, { departments: await deps.accounts.departments(), positions: await deps.directory.positions() });
  if (issues.length) throw invalid(...issues);
  const staff = account.staff as NonNullable<typeof account.staff>;
  const next = {
    departmentId: change.departmentId ?? staff.departmentId,
    positions: change.positions ?? staff.positions,
    roles: change.roles ?? staff.roles,
  };
  const name = change.name?.trim() ?? account.name;
  await deps.directory.updateStaff(id, name, next);
  await deps.audit.append({
    ...auditActor(actor), action: 'staff.update', object: id, outcome: 'success',
    details: {
      changed: Object.keys(change).filter((k) => change[k as keyof StaffChange] !== undefined),
      ...(change.departmentId ? { fromDepartment: staff.departmentId, departmentId: next.departmentId } : {}),
      ...(change.roles ? { fromRoles: staff.roles, roles: next.roles } : {}),
      ...(change.positions ? { positions: next.positions } : {}),
    },
  });
  const saved = await deps.accounts.findById(id);
  if (!saved) throw new AppError('ERR_NOT_FOUND', 'no such staff member');
  return staffSummary(saved, await departmentsById(deps.accounts));
}
