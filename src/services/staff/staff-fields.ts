// The rules every staff record keeps, for the API, the pages and CSV rows alike: a staff number
// of letters, digits and dashes; a name of 1–64 characters; an existing department; positions
// from the catalogue; known roles; an optional mobile number. Each broken rule is one field issue.
import { STAFF_ROLES, isValidPhone } from '../../domain/account.ts';
import type { StaffRole } from '../../domain/account.ts';
import type { Department } from '../../domain/department.ts';
import type { Position } from '../../ports/staff-directory-store.ts';
import type { FieldIssue } from './staff-deps.ts';

export interface StaffFields {
  staffNumber: string;
  name: string;
  departmentId: string;
  positions: string[];
  roles: StaffRole[];
  phone: string | null;
}

export const STAFF_NUMBER = /^[A-Za-z0-9-]{1,32}$/;
export const MAX_POSITIONS = 10;

/** The issues of a (partial) staff record against the tree and the catalogue; empty when fine. */
export function staffIssues(
  f: Partial<Omit<StaffFields, 'roles'> & { roles: string[] }>,
  refs: { departments: readonly Department[]; positions: readonly Position[] },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (f.staffNumber !== undefined && !STAFF_NUMBER.test(f.staffNumber)) issues.push({ path: ['staffNumber'], code: 'invalid_format', message: '1–32 letters, digits or dashes' });
  if (f.name !== undefined && (!f.name.trim() || [...f.name.trim()].length > 64)) issues.push({ path: ['name'], code: 'invalid_length', message: '1–64 characters' });
  if (f.departmentId !== undefined && !refs.departments.some((d) => d.id === f.departmentId)) issues.push({ path: ['departmentId'], code: 'unknown_department', message: 'no such department' });
  if (f.positions !== undefined) {
    if (f.positions.length > MAX_POSITIONS) issues.push({ path: ['positions'], code: 'too_many', message: `at most ${MAX_POSITIONS}` });
    f.positions.forEach((p, i) => {
      if (!refs.positions.some((q) => q.id === p)) issues.push({ path: ['positions', i], code: 'unknown_position', message: 'no such position' });
    });
  }
  if (f.roles !== undefined) {
    f.roles.forEach((r, i) => {
      if (!(STAFF_ROLES as readonly string[]).includes(r)) issues.push({ path: ['roles', i], code: 'unknown_role', message: `one of ${STAFF_ROLES.join(', ')}` });
    });
  }
  if (f.phone !== undefined && f.phone !== null && !isValidPhone(f.phone)) issues.push({ path: ['phone'], code: 'invalid_format', message: 'an 11-digit mobile number' });
  return issues;
}
