// Rename a department, move it under another parent, or both.
// Steps: find it → for a move, the new place keeps the tree's rules (no cycle, the parent may
// contain its kind) → store → audit what changed.
import { AppError } from '../../domain/errors.ts';
import type { Department } from '../../domain/department.ts';
import { checkPlacement } from './department-tree.ts';
import { auditActor } from './staff-deps.ts';
import type { StaffActor, StaffDeps } from './staff-deps.ts';

export async function updateDepartment(
  deps: Pick<StaffDeps, 'accounts' | 'directory' | 'audit'>,
  id: string,
  change: { name?: string; parentId?: string | null },
  actor: StaffActor,
): Promise<Department> {
  const departments = await deps.accounts.departments();
  const current = departments.find((d) => d.id === id);
  if (!current) throw new AppError('ERR_NOT_FOUND', 'no such department', { details: { departmentId: id } });
  const moved = change.parentId !== undefined && change.parentId !== current.parentId;
  if (moved) checkPlacement(departments, id, current.kind, change.parentId ?? null);
  const next: Department = { ...current, name: change.name ?? current.name, parentId: moved ? (change.parentId ?? null) : current.parentId };
  await deps.directory.updateDepartment(next);
  await deps.audit.append({
    ...auditActor(actor), action: moved ? 'department.move' : 'department.rename', object: id, outcome: 'success',
    details: { ...(change.name !== undefined ? { from: current.name, name: next.name } : {}), ...(moved ? { fromParent: current.parentId, parentId: next.parentId } : {}) },
  });
  return next;
}
