// Add a department to the tree.
// Steps: the id is free → the place keeps the tree's rules (department-tree.ts) → store → audit.
import type { Department } from '../../domain/department.ts';
import { checkPlacement } from './department-tree.ts';
import { auditActor, invalid } from './staff-deps.ts';
import type { StaffActor, StaffDeps } from './staff-deps.ts';

export async function addDepartment(deps: Pick<StaffDeps, 'accounts' | 'audit'>, input: Department, actor: StaffActor): Promise<Department> {
  const departments = await deps.accounts.departments();
  if (departments.some((d) => d.id === input.id)) throw invalid({ path: ['id'], code: 'taken', message: 'a department with this id exists' });
  checkPlacement(departments, input.id, input.kind, input.parentId);
  const department: Department = { id: input.id, parentId: input.parentId, name: input.name, kind: input.kind, creditCode: input.creditCode ?? null };
  await deps.accounts.addDepartment(department);
  await deps.audit.append({ ...auditActor(actor), action: 'department.add', object: department.id, outcome: 'success', details: { parentId: department.parentId, kind: department.kind, name: department.name } });
  return department;
}
