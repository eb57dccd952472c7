// List or search staff: of a department (with the departments below it unless told otherwise),
// by part of the name or staff number, by status; a page at a time.
import { AppError } from '../../domain/errors.ts';
import type { StaffQuery } from '../../ports/staff-directory-store.ts';
import { subtreeIds } from './department-tree.ts';
import { staffSummary } from './staff-deps.ts';
import type { StaffDeps, StaffSummary } from './staff-deps.ts';

export interface StaffSearch {
  departmentId?: string;
  /** Include the departments below `departmentId` (default true). */
  subtree?: boolean;
  text?: string;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

export async function listStaff(deps: Pick<StaffDeps, 'accounts' | 'directory'>, q: StaffSearch): Promise<{ staff: StaffSummary[]; total: number }> {
  const departments = await deps.accounts.departments();
  const query: StaffQuery = { limit: q.limit, offset: q.offset, ...(q.text ? { text: q.text } : {}), ...(q.status ? { status: q.status } : {}) };
  if (q.departmentId !== undefined) {
    if (!departments.some((d) => d.id === q.departmentId)) throw new AppError('ERR_NOT_FOUND', 'no such department');
    query.departmentIds = q.subtree === false ? [q.departmentId] : subtreeIds(q.departmentId, departments);
  }
  const { accounts, total } = await deps.directory.listStaff(query);
  const byId = new Map(departments.map((d) => [d.id, d]));
  return { staff: accounts.map((a) => staffSummary(a, byId)), total };
}
