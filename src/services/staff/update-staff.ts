// Change a staff member's name, department or positions (roles: set-staff-roles.ts, the security
// administrator's). Steps: find the staff member → check the changed fields → store → audit the
// changed fields, before and after.
import { AppError } from '../../domain/errors.ts';
import { auditActor, departmentsById, existingStaff, invalid, staffSummary } from './staff-deps.ts';
import type { StaffActor, StaffDeps, StaffSummary } from './staff-deps.ts';
import { staffIssues } from './staff-fields.ts';

export interface StaffChange {
  name?: string;
  departmentId?: string;
  positions?: string[];
}

export async function updateStaff(deps: StaffDeps, id: string, change: StaffChange, actor: StaffActor): Promise<StaffSummary> {
  if (!Object.values(change).some((v) => v !== undefined)) throw invalid({ path: [], code: 'empty', message: 'nothing to change' });
  const account = await existingStaff(deps.accounts, id);
  const issues = staffIssues(change, { departments: await deps.accounts.departments(), positions: await deps.directory.positions() });
  if (issues.length) throw invalid(...issues);
  const staff = account.staff as NonNullable<typeof account.staff>;
  const next = {
    departmentId: change.departmentId ?? staff.departmentId,
    positions: change.positions ?? staff.positions,
    roles: staff.roles,
  };
  const name = change.name?.trim() ?? account.name;
  await deps.directory.updateStaff(id, name, next);
  await deps.audit.append({
    ...auditActor(actor), action: 'staff.update', object: id, outcome: 'success',
    details: {
      changed: Object.keys(change).filter((k) => change[k as keyof StaffChange] !== undefined),
      ...(change.departmentId ? { fromDepartment: staff.departmentId, departmentId: next.departmentId } : {}),
      ...(change.name !== undefined ? { fromName: account.name, name } : {}),
      ...(change.positions ? { fromPositions: staff.positions, positions: next.positions } : {}),
    },
  });
  const saved = await deps.accounts.findById(id);
  if (!saved) throw new AppError('ERR_NOT_FOUND', 'no such staff member');
  return staffSummary(saved, await departmentsById(deps.accounts));
}
